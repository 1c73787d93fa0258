import { EVENT_TYPES, PublicationData } from '@rcpx/contracts';
import { itemDecider, type ItemRules } from '../item-rules.ts';

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

/** What a command on a publication decides, and a publication after an event. */
export const { decide, evolve, initialState } = itemDecider(publicationRules);
