import type { Migration } from 'kysely';
import * as readModels from './2026-11-27T1600-read-models.ts';
import * as independentProjections from './2026-11-27T1800-independent-projections.ts';
import * as unaccentedSearch from './2026-12-04T1820-unaccented-search.ts';
import * as historyUnderCurrentAudience from './2026-12-04T1900-history-under-current-audience.ts';
import * as skippedEvents from './2026-12-04T1930-skipped-events.ts';
import * as memberships from './2026-12-05T0100-memberships.ts';
import * as queries from './2026-12-05T0400-queries.ts';
import * as adoptions from './2026-12-05T0200-adoptions.ts';
import * as followUps from './2026-12-05T0300-follow-ups.ts';
import * as adoptionPracticeAudience from './2026-12-05T0500-adoption-practice-audience.ts';
import * as eventsParentId from './2026-12-05T2200-events-parent-id.ts';
import * as followUpsDueOrder from './2026-12-06T0030-follow-ups-due-order.ts';

/** Migrations of a read schema (`rm`, or `rm_next` during a rebuild), by timestamped name. */
export const readModelMigrations: Record<string, Migration> = {
  '2026-11-27T1600-read-models': readModels,
  '2026-11-27T1800-independent-projections': independentProjections,
  '2026-12-04T1820-unaccented-search': unaccentedSearch,
  '2026-12-04T1900-history-under-current-audience': historyUnderCurrentAudience,
  '2026-12-04T1930-skipped-events': skippedEvents,
  '2026-12-05T0100-memberships': memberships,
  '2026-12-05T0400-queries': queries,
  '2026-12-05T0200-adoptions': adoptions,
  '2026-12-05T0300-follow-ups': followUps,
  '2026-12-05T0500-adoption-practice-audience': adoptionPracticeAudience,
  '2026-12-05T2200-events-parent-id': eventsParentId,
  '2026-12-06T0030-follow-ups-due-order': followUpsDueOrder,
};
