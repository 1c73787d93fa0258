import type { ProjectionApplier } from './applier.ts';
import { adoptionsApplier } from './projections/adoptions/applier.ts';
import { eventsApplier } from './projections/events/applier.ts';
import { followUpsApplier } from './projections/follow-ups/applier.ts';
import { itemsApplier } from './projections/items/applier.ts';
import { membershipsApplier } from './projections/memberships/applier.ts';
import { queriesApplier } from './projections/queries/applier.ts';
import { searchApplier } from './projections/search/applier.ts';

/**
 * Every projection of the read models, each with its tables and its own checkpoint row committed
 * together (a batch is applied in a few transactions side by side: see `lanesOf`), each (created at 0 by the read-model migration that introduced it; a
 * projection dropped later must have its row deleted by a migration too, or the minimum would
 * stay behind).
 */
export const APPLIERS: readonly ProjectionApplier[] = [
  itemsApplier,
  eventsApplier,
  searchApplier,
  membershipsApplier,
  queriesApplier,
  adoptionsApplier,
  followUpsApplier,
];
