import { KIND_COLLECTIONS, PracticeCreateBody, PracticePatchBody } from '@rcpx/contracts';
import type { ItemKindModule } from '../kind.ts';
import { decide, evolve, initialState, practiceRules } from './decide.ts';

/** Good practices on the write path. */
export const practiceKind: ItemKindModule<null> = {
  kind: 'practice',
  resource: KIND_COLLECTIONS.practice,
  types: practiceRules.types,
  decider: { decide, evolve, initialState },
  bodies: { create: PracticeCreateBody, patch: PracticePatchBody },
  create: {
    summary: 'Share a good practice',
    description:
      'Appends `org.rcpx.practice.shared` (version 1). The publisher is the token’s participant. ' +
      '`visibility` defaults to public.',
  },
  revise: { summary: 'Revise a practice' },
  withdraw: { summary: 'Withdraw a practice' },
};
