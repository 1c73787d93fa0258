import { EVENT_TYPES, PracticeData } from '@rcpx/contracts';
import type { Decision, ItemCommand, ItemState, RecordedEvent } from '../decider.ts';
import {
  decideCreate,
  decideRevise,
  decideWithdraw,
  evolveItem,
  type ItemRules,
} from '../item-rules.ts';

/** A good practice: shared, revised, withdrawn. */
export const practiceRules: ItemRules<null> = {
  kind: 'practice',
  types: {
    created: EVENT_TYPES.practiceShared,
    revised: EVENT_TYPES.practiceRevised,
    withdrawn: EVENT_TYPES.practiceWithdrawn,
  },
  schema: PracticeData,
  titleOf: (data) => (data as PracticeData).title,
  initialExtra: () => null,
};

/** What a command on a practice decides. */
export function decide(command: ItemCommand, state: ItemState<null>): Decision {
  switch (command.type) {
    case 'create':
      return decideCreate(practiceRules, command, state);
    case 'revise':
      return decideRevise(practiceRules, command, state);
    case 'withdraw':
      return decideWithdraw(practiceRules, command, state);
  }
}

/** A practice after `event`. */
export function evolve(state: ItemState<null>, event: RecordedEvent): ItemState<null> {
  return evolveItem(practiceRules, state, event);
}

export const initialState = (): ItemState<null> => ({ status: 'none' });
