import { EVENT_TYPES, MeetingData, type Outcome } from '@rcpx/contracts';
import type { Decision, ItemCommand, ItemState, RecordedEvent } from '../decider.ts';
import {
  decideCreate,
  decideRevise,
  decideWithdraw,
  evolveItem,
  type ItemRules,
} from '../item-rules.ts';
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

/** What a command on a meeting decides. */
export function decide(command: ItemCommand, state: ItemState<MeetingExtra>): Decision {
  switch (command.type) {
    case 'create':
      return decideCreate(meetingRules, command, state);
    case 'revise':
      return decideRevise(meetingRules, command, state);
    case 'withdraw':
      return decideWithdraw(meetingRules, command, state);
  }
}

/** A meeting after `event`. */
export function evolve(
  state: ItemState<MeetingExtra>,
  event: RecordedEvent,
): ItemState<MeetingExtra> {
  return evolveItem(meetingRules, state, event);
}

export const initialState = (): ItemState<MeetingExtra> => ({ status: 'none' });
