import { KIND_COLLECTIONS, PublicationCreateBody, PublicationPatchBody } from '@rcpx/contracts';
import type { ItemKindModule } from '../kind.ts';
import { decide, evolve, initialState, publicationRules } from './decide.ts';

/** Publications on the write path. */
export const publicationKind: ItemKindModule<null> = {
  kind: 'publication',
  resource: KIND_COLLECTIONS.publication,
  types: publicationRules.types,
  decider: { decide, evolve, initialState },
  bodies: { create: PublicationCreateBody, patch: PublicationPatchBody },
  create: {
    summary: 'Release a publication',
    description:
      'Appends `org.rcpx.publication.released` (version 1). `visibility` defaults to public.',
  },
  revise: { summary: 'Revise a publication' },
  withdraw: { summary: 'Withdraw a publication' },
};
