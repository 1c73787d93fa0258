import { visibilityOfColumns } from '@rcpx/contracts';
import type { ProjectionApplier } from '../../applier.ts';
import { fold } from '../../projection.ts';
import {
  audiencesAfter,
  itemsToLoad,
  parentsToLoad,
  servedUnder,
  servedUnderParent,
  visibilityColumns,
  type CurrentAudience,
} from './audience.ts';
import { audienceChanged, loadAudiences, reserveChildren, reserveHistory } from './history.ts';
import { eventsProjection } from './projection.ts';
import type { EventRecord } from './types.ts';
import { writeEvents } from './writer.ts';

/**
 * Checkpoint `events`: `<rm>.events`, the log mirrored (every valid event, any type), each row
 * served under its own visibility narrowed by its item's current one. Reads the current audience
 * of the items the batch revises (not of those it creates), and when the batch changes an item's
 * visibility, re-serves that item's rows already mirrored, in the same transaction. A
 * sub-aggregate's event (`practices/<id>/adoptions/<id>`) is served under its parent's current
 * audience (its author keeps it), and re-served when the parent's audience changes.
 */
export const eventsApplier: ProjectionApplier = {
  name: 'events',
  types: '*',
  async apply(trx, schema, events) {
    const mirror = fold(eventsProjection, new Map(), events);
    const records = [...mirror.values()].filter((r): r is EventRecord => r !== undefined);
    const toLoad = itemsToLoad(events);
    const parents = parentsToLoad(events);
    const loaded = await loadAudiences(trx, schema, [...new Set([...toLoad, ...parents])]);
    const after = audiencesAfter(loaded, events);
    const parentAudience = (id: string) => (after.has(id) ? after.get(id) : loaded.get(id));
    // only the items loaded can have rows mirrored before this batch
    const changed = new Map<string, CurrentAudience>();
    for (const id of toLoad) {
      const current = after.get(id);
      if (current !== undefined && audienceChanged(loaded.get(id), current)) {
        changed.set(id, current);
      }
    }
    for (const r of records) {
      const parent = r.parent_id;
      if (parent !== null) {
        // a sub-aggregate's event (an adoption): under its parent's current audience
        const own = visibilityOfColumns(r.vis_level, r.vis_rcps);
        Object.assign(
          r,
          visibilityColumns(servedUnderParent(own, r.participant, parentAudience(parent))),
        );
        continue;
      }
      const current = after.get(r.item_id);
      // narrowing by a public audience, or a members-only row, changes nothing
      if (current === undefined || current.visibility.level === 'public') continue;
      if (r.vis_level === 'members') continue;
      Object.assign(
        r,
        visibilityColumns(servedUnder(visibilityOfColumns(r.vis_level, r.vis_rcps), current)),
      );
    }
    await reserveHistory(trx, schema, changed);
    await reserveChildren(trx, schema, changed);
    await writeEvents(trx, schema, records);
  },
};
