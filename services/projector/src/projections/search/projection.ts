import type { Projection } from '../../projection.ts';
import { evolve } from './evolve.ts';
import { SEARCH_EVENT_TYPES, type SearchState } from './types.ts';

/** `<rm>.item_search`, keyed by item id. */
export const searchProjection: Projection<SearchState> = {
  name: 'search',
  types: SEARCH_EVENT_TYPES,
  keyOf: (e) => e.itemId,
  evolve,
};
