import type { Projection } from '../../projection.ts';
import { evolve, meetingOf } from './evolve.ts';
import { FOLLOW_UP_EVENT_TYPES, type MeetingFollowUps } from './types.ts';

/** `<rm>.follow_up_outcomes` and `<rm>.follow_up_reports`, keyed by meeting id. */
export const followUpsProjection: Projection<MeetingFollowUps> = {
  name: 'follow-ups',
  types: FOLLOW_UP_EVENT_TYPES,
  keyOf: meetingOf,
  evolve,
};
