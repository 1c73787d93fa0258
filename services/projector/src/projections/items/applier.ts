import { EVENT_TYPES, REVISED_TYPES } from '@rcpx/contracts';
import { typesOf, type ProjectionApplier } from '../../applier.ts';
import { fold, handles } from '../../projection.ts';
import { addDelta, countedOf, toCells } from '../counts/evolve.ts';
import { countsProjection } from '../counts/projection.ts';
import { COUNT_EVENT_TYPES, type CountedItem } from '../counts/types.ts';
import { writeCounts } from '../counts/writer.ts';
import { itemsProjection } from './projection.ts';
import { ITEM_EVENT_TYPES, type ItemState } from './types.ts';
import { loadItems, writeItems } from './writer.ts';

/** The event types whose data replaces an item's content whole (no need to load it). */
const REPLACES_CONTENT: ReadonlySet<string> = new Set([
  EVENT_TYPES.practiceShared,
  EVENT_TYPES.meetingOutcomeRecorded,
  EVENT_TYPES.publicationReleased,
  ...REVISED_TYPES,
]);

/**
 * Checkpoint `items`: `<rm>.items` and `<rm>.counts` together (the counts are deltas from the
 * items' prior states): loads the affected items in one query (with their content only when an
 * event keeps it, as a withdrawal does: the others replace it), folds both projections, writes
 * the items that changed and the count deltas.
 */
export const itemsApplier: ProjectionApplier = {
  name: 'items',
  types: typesOf(ITEM_EVENT_TYPES, COUNT_EVENT_TYPES),
  async apply(trx, schema, events) {
    const ids = new Set<string>();
    const withContent = new Set<string>(); // e.g. a withdrawal keeps title, summary, data
    for (const e of events) {
      if (!handles(itemsProjection, e) && !handles(countsProjection, e)) continue;
      ids.add(e.itemId);
      if (!REPLACES_CONTENT.has(e.type)) withContent.add(e.itemId);
    }
    if (ids.size === 0) return;
    const loaded = await loadItems(trx, schema, [...ids], withContent);

    const inserts: ItemState[] = [];
    const updates: ItemState[] = [];
    for (const [id, state] of fold(itemsProjection, loaded, events)) {
      const prior = loaded.get(id);
      if (state === undefined || state === prior) continue; // unchanged (withdrawn for good)
      (prior ? updates : inserts).push(state);
    }
    const counted = new Map<string, CountedItem>();
    for (const [id, item] of loaded) counted.set(id, countedOf(item));
    const deltas = new Map<string, number>();
    for (const [id, after] of fold(countsProjection, counted, events)) {
      addDelta(deltas, counted.get(id), after);
    }
    // queued together: each statement is built while Postgres runs the one before it
    await Promise.all([
      writeItems(trx, schema, { inserts, updates }),
      writeCounts(trx, schema, toCells(deltas)),
    ]);
  },
};
