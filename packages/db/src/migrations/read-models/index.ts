import type { Migration } from 'kysely';
import * as readModels from './2026-11-27T1600-read-models.ts';
import * as independentProjections from './2026-11-27T1800-independent-projections.ts';
import * as skippedEvents from './2026-12-04T1930-skipped-events.ts';

/** Migrations of a read schema (`rm`, or `rm_next` during a rebuild), by timestamped name. */
export const readModelMigrations: Record<string, Migration> = {
  '2026-11-27T1600-read-models': readModels,
  '2026-11-27T1800-independent-projections': independentProjections,
  '2026-12-04T1930-skipped-events': skippedEvents,
};
