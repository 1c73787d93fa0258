import type { Projection } from '../../projection.ts';
import { evolve } from './evolve.ts';
import { ITEM_EVENT_TYPES, type ItemState } from './types.ts';

/** `<rm>.items`, keyed by item id. */
export const itemsProjection: Projection<ItemState> = {
  name: 'items',
  types: ITEM_EVENT_TYPES,
  keyOf: (e) => e.itemId,
  evolve,
};
