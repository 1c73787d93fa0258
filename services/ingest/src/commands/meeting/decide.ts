import { EVENT_TYPES, MeetingData, type Outcome } from '@rcpx/contracts';
import { itemDecider, type ItemRules } from '../item-rules.ts';
import { assignRefs, refsOf } from './refs.ts';

/** What a meeting keeps across events: every outcome ref it ever used (never reassigned). */
export interface MeetingExtra {
  usedRefs: readonly string[];
}

/** A meeting and its outcomes: recorded, revised, withdrawn. Outcomes get stable refs. */
export const meetingRules: ItemRules<MeetingExtra> = {
  kind: 'meeting',
  types: {
    created: EVENT_TYPES.meetingOutcomeRecorded,
    revised: EVENT_TYPES.meetingRevised,
    withdrawn: EVENT_TYPES.meetingWithdrawn,
  },
  schema: MeetingData,
  titleOf: (data) => (data as MeetingData).meeting.title,
  // a list that is not an array is left for the schema to refuse
  complete: (data, extra) =>
    Array.isArray(data['outcomes'])
      ? { ...data, outcomes: assignRefs(data['outcomes'] as Outcome[], new Set(extra.usedRefs)) }
      : data,
  initialExtra: () => ({ usedRefs: [] }),
  evolveExtra: (extra, data) => ({
    usedRefs: [...new Set([...extra.usedRefs, ...refsOf(data)])],
  }),
};

/** What a command on a meeting decides, and a meeting after an event. */
export const { decide, evolve, initialState } = itemDecider(meetingRules);
