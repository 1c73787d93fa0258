import type { Projection } from '../../projection.ts';
import { evolve } from './evolve.ts';
import { COUNT_EVENT_TYPES, type CountedItem } from './types.ts';

/** `<rm>.counts`: what each item counts for, keyed by item id; written as deltas. */
export const countsProjection: Projection<CountedItem> = {
  name: 'counts',
  types: COUNT_EVENT_TYPES,
  keyOf: (e) => e.itemId,
  evolve,
};
