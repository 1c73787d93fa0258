import { EVENT_TYPES, PublicationData } from '@rcpx/contracts';
import type { Decision, ItemCommand, ItemState, RecordedEvent } from '../decider.ts';
import {
  decideCreate,
  decideRevise,
  decideWithdraw,
  evolveItem,
  type ItemRules,
} from '../item-rules.ts';

/** A publication: released, revised, withdrawn. */
export const publicationRules: ItemRules<null> = {
  kind: 'publication',
  types: {
    created: EVENT_TYPES.publicationReleased,
    revised: EVENT_TYPES.publicationRevised,
    withdrawn: EVENT_TYPES.publicationWithdrawn,
  },
  schema: PublicationData,
  titleOf: (data) => (data as PublicationData).title,
  initialExtra: () => null,
};

/** What a command on a publication decides. */
export function decide(command: ItemCommand, state: ItemState<null>): Decision {
  switch (command.type) {
    case 'create':
      return decideCreate(publicationRules, command, state);
    case 'revise':
      return decideRevise(publicationRules, command, state);
    case 'withdraw':
      return decideWithdraw(publicationRules, command, state);
  }
}

/** A publication after `event`. */
export function evolve(state: ItemState<null>, event: RecordedEvent): ItemState<null> {
  return evolveItem(publicationRules, state, event);
}

export const initialState = (): ItemState<null> => ({ status: 'none' });
