import { z } from 'zod';
import {
  ActivityQuery,
  ListQuery,
  ParticipantMemberships,
  Problem,
  strictQuery,
} from '@rcpx/contracts';
import { CrossCounts } from './cross-counts.ts';

/** List query string plus `status` (extension): `active` (default), `withdrawn` or `all`. */
export const ItemListQuery = strictQuery(
  ListQuery.extend({
    status: z
      .enum(['active', 'withdrawn', 'all'])
      .default('active')
      .meta({
        description: 'Active items (default), withdrawn ones, or all',
        examples: ['all'],
      }),
  }),
);
export type ItemListQuery = z.infer<typeof ItemListQuery>;

export { ActivityQuery };

const json = z.record(z.string(), z.unknown());

/** One entry of `GET /v1/activity`. */
export const ActivityEntry = z.object({
  seq: z.number().int(),
  type: z.string(),
  time: z.string(),
  participant: z.string(),
  itemId: z.string(),
  kind: z.string(),
  title: z.unknown(),
  version: z.number().int().nullable(),
  event: json,
});
export const ActivityPage = z.object({
  items: z.array(ActivityEntry),
  nextCursor: z.string().nullable(),
});

const Labels = z.object({ en: z.string(), fr: z.string(), es: z.string() });

/** A theme of the taxonomy with the number of active items the reader may see. */
export const ThemeEntry = z.object({
  slug: z.string(),
  labels: Labels,
  count: z.number().int(),
  crossCounts: CrossCounts,
});
export const ThemeList = z.object({ items: z.array(ThemeEntry) });

/** A participant of the registry with the number of active items the reader may see. */
export const ParticipantEntry = z.object({
  slug: z.string(),
  name: z.string(),
  acronym: z.string(),
  kind: z.enum(['rcp', 'observer']),
  region: z.string(),
  founded: z.number().int(),
  count: z.number().int(),
  crossCounts: CrossCounts,
});
export const ParticipantList = z.object({ items: z.array(ParticipantEntry) });

/** One participant: the entry, and a process's member and observer states. */
export const ParticipantDetail = ParticipantEntry.extend(ParticipantMemberships);

export const SlugParams = z.object({ slug: z.string().max(100) });

/** 404 of a single resource. */
export const notFoundResponse = Problem.describe('Not found, or not visible to the caller');

/** Problem responses every read documents. */
export const problems = {
  400: Problem.describe('Bad query string or path parameter'),
  401: Problem.describe('Unknown or revoked bearer token'),
  503: Problem.describe('minSeq not reached within 5 s, or a dependency is down (Retry-After)'),
};
