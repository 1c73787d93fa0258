import type { ProjectionApplier } from '../../applier.ts';
import { fold } from '../../projection.ts';
import { searchProjection } from './projection.ts';
import { SEARCH_EVENT_TYPES, type SearchState } from './types.ts';
import { writeSearch } from './writer.ts';

/** Checkpoint `search`: `<rm>.item_search`, written only by events that change an item's text. */
export const searchApplier: ProjectionApplier = {
  name: 'search',
  types: SEARCH_EVENT_TYPES,
  async apply(trx, schema, events) {
    const states = fold(searchProjection, new Map(), events);
    const changed = [...states.values()].filter((s): s is SearchState => s !== undefined);
    if (changed.length > 0) await writeSearch(trx, schema, changed);
  },
};
