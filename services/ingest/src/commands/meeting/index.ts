import { KIND_COLLECTIONS, MeetingCreateBody, MeetingPatchBody } from '@rcpx/contracts';
import type { ItemKindModule } from '../kind.ts';
import { decide, evolve, initialState, meetingRules, type MeetingExtra } from './decide.ts';

/** Meetings and their outcomes on the write path. */
export const meetingKind: ItemKindModule<MeetingExtra> = {
  kind: 'meeting',
  resource: KIND_COLLECTIONS.meeting,
  types: meetingRules.types,
  decider: { decide, evolve, initialState },
  bodies: { create: MeetingCreateBody, patch: MeetingPatchBody },
  create: {
    summary: 'Record a meeting and its outcomes',
    description:
      'Appends `org.rcpx.meeting.outcome.recorded` (version 1). `visibility` defaults to public. ' +
      'Each outcome gets a stable `ref` (given, else `r1`, `r2`, …; unique in the meeting, 400 ' +
      'on a duplicate), and may name `addressees` (participant slugs) and a `dueOn` date.',
  },
  revise: {
    summary: 'Revise a meeting',
    description:
      '`outcomes` replaces the whole list: an outcome sent with its `ref` keeps it; one sent ' +
      'without a ref is a new outcome and gets a new ref (never one the meeting used before).',
  },
  withdraw: { summary: 'Withdraw a meeting' },
};
