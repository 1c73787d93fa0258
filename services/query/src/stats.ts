import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  WITHDRAWN_TYPES,
  AccessToken,
  ITEM_KINDS,
  ITEM_EVENT_TYPES,
  FilterFields,
  PARTICIPANTS,
  ReadQuery,
  THEMES,
  audiencesFor,
  filtersOf,
  strictQuery,
} from '@rcpx/contracts';
import type { Filters, Reader } from '@rcpx/contracts';
import { eventMatches, readModels, readModelsCheckpoint, visibleTo, withMemberOf } from '@rcpx/db';
import type { Database } from '@rcpx/db';
import { toActivity } from './activity.ts';
import { CrossCounts, crossCountsFor, noCrossCounts } from './cross-counts.ts';
import { ActivityEntry, problems } from './schemas.ts';

const seqParam = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** `GET /v1/stats` query string; the filters apply to `recent`. Unknown parameters → 400. */
export const StatsQuery = strictQuery(
  ReadQuery.extend({
    asOf: seqParam.optional().meta({
      description: 'Time travel: the counts as they were at this seq',
      examples: [120],
    }),
    recent: z.coerce
      .number()
      .int()
      .min(0)
      .max(200)
      .default(0)
      .meta({
        description: 'How many of the latest events to include (0–200)',
        examples: [10],
      }),
    ...FilterFields.shape,
    ...AccessToken,
  }),
);
export type StatsQuery = z.infer<typeof StatsQuery>;

const Count = z.object({ key: z.string(), count: z.number().int() });
const CrossCount = CrossCounts.extend({ key: z.string() });

/** The answer of `GET /v1/stats`. */
export const Stats = z.object({
  seq: z.number().int(),
  themes: z.array(Count),
  participants: z.array(Count),
  kinds: z.array(Count),
  /** Adoptions, follow-ups, queries and replies: in all, per participant, per theme. */
  cross: z.object({
    total: CrossCounts,
    participants: z.array(CrossCount),
    themes: z.array(CrossCount),
  }),
  recent: z.array(ActivityEntry),
  /** The first seq after `seq` (up to the checkpoint) of an event the caller may see. */
  next: z.number().int().nullable(),
});
export type Stats = z.infer<typeof Stats>;

type Dimension = 'theme' | 'participant' | 'kind';
type Tally = Record<Dimension, Map<string, number>>;

const emptyTally = (): Tally => ({ theme: new Map(), participant: new Map(), kind: new Map() });

/** Current counts from `<schema>.counts` (what the projector keeps), summed over the audiences. */
async function countsNow(trx: Kysely<Database>, schema: string, reader: Reader): Promise<Tally> {
  const rows = await readModels(trx, schema)
    .selectFrom('counts')
    .select(['dimension', 'key', (eb) => eb.fn.sum<string>('n').as('n')])
    .where('audience', 'in', audiencesFor(reader))
    .groupBy(['dimension', 'key'])
    .execute();
  const tally = emptyTally();
  for (const r of rows) if (Number(r.n) !== 0) tally[r.dimension].set(r.key, Number(r.n));
  return tally;
}

/**
 * Counts as of `seq`, from the mirrored log: an item counts while its last counting event up to
 * `seq` is visible to `reader` and no withdrawal precedes `seq` — the rule of the counts
 * projection (themes, participant and kind of that event).
 */
export async function countsAsOf(
  db: Kysely<Database>,
  schema: string,
  reader: Reader,
  seq: number,
): Promise<Tally> {
  const events = sql.table(`${schema}.events`);
  const { rows } = await sql<{ dimension: Dimension; key: string; n: number }>`
    with latest as (
      select distinct on (e.item_id) e.item_id, e.kind, e.participant, e.themes, e.vis_level,
        e.vis_rcps
      from ${events} e
      where e.seq <= ${seq} and e.type in (${sql.join([...ITEM_EVENT_TYPES])})
      order by e.item_id, e.seq desc
    ), active as (
      select l.* from latest l
      where ${visibleTo(reader, 'l')}
        and not exists (
          select 1 from ${events} w
          where w.item_id = l.item_id and w.seq <= ${seq}
            and w.type in (${sql.join([...WITHDRAWN_TYPES])})
        )
    )
    select 'theme' as dimension, t.key, count(*)::int as n
      from active a cross join lateral unnest(a.themes) as t(key) group by t.key
    union all
    select 'participant', a.participant, count(*)::int from active a group by a.participant
    union all
    select 'kind', a.kind, count(*)::int from active a group by a.kind
  `.execute(db);
  const tally = emptyTally();
  for (const r of rows) tally[r.dimension].set(r.key, Number(r.n));
  return tally;
}

/** The newest events up to `seq` that `reader` may see and `filters` match. */
async function recentAsOf(
  db: Kysely<Database>,
  schema: string,
  reader: Reader,
  seq: number,
  limit: number,
  filters: Filters,
) {
  if (limit === 0) return [];
  const rows = await readModels(db, schema)
    .selectFrom('events as e')
    .select(['e.seq', 'e.id', 'e.type', 'e.kind', 'e.item_id', 'e.participant', 'e.time'])
    .select('e.envelope')
    .where('e.seq', '<=', seq)
    .where(visibleTo(reader, 'e'))
    .where(eventMatches(filters, 'e'))
    .orderBy('e.seq', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toActivity);
}

/** The first seq in (seq, upTo] of an event `reader` may see, else null. */
async function nextVisible(
  db: Kysely<Database>,
  schema: string,
  reader: Reader,
  seq: number,
  upTo: number,
): Promise<number | null> {
  if (seq >= upTo) return null;
  const row = await readModels(db, schema)
    .selectFrom('events as e')
    .select('e.seq')
    .where('e.seq', '>', seq)
    .where('e.seq', '<=', upTo)
    .where(visibleTo(reader, 'e'))
    .orderBy('e.seq')
    .limit(1)
    .executeTakeFirst();
  return row ? Number(row.seq) : null;
}

const list = (tally: Map<string, number>, keys: readonly string[]) => {
  const out = keys.map((key) => ({ key, count: tally.get(key) ?? 0 }));
  for (const [key, count] of tally) if (!keys.includes(key)) out.push({ key, count });
  return out;
};

const crossList = (tally: Map<string, CrossCounts>, keys: readonly string[]) => {
  const out = keys.map((key) => ({ key, ...(tally.get(key) ?? noCrossCounts()) }));
  for (const [key, counts] of tally) if (!keys.includes(key)) out.push({ key, ...counts });
  return out;
};

/**
 * Counts per theme, participant and kind of the active items `reader` may see, and the newest
 * `recent` events, all as of one seq: `asOf`, or the read models' checkpoint when `asOf` is
 * absent or beyond it (`seq` says which). Read in one snapshot, so the answer is exactly the
 * state at `seq`: a live feed resumed with `after=seq` continues it with no gap and no double.
 */
export async function readStats(
  db: Kysely<Database>,
  schema: string,
  reader: Reader,
  query: StatsQuery,
): Promise<Stats> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (trx) => {
      const checkpoint = await readModelsCheckpoint(trx, schema);
      const seq = Math.min(query.asOf ?? checkpoint, checkpoint);
      const tally =
        seq === checkpoint
          ? await countsNow(trx, schema, reader)
          : await countsAsOf(trx, schema, reader, seq);
      const cross = await crossCountsFor(trx, schema, reader, {
        asOf: seq === checkpoint ? undefined : seq,
        checkpoint,
        owner: db,
      });
      const filters = await withMemberOf(trx, schema, filtersOf(query));
      const recent = await recentAsOf(trx, schema, reader, seq, query.recent, filters);
      const next = await nextVisible(trx, schema, reader, seq, checkpoint);
      return {
        seq,
        themes: list(
          tally.theme,
          THEMES.map((t) => t.slug),
        ),
        participants: list(
          tally.participant,
          PARTICIPANTS.map((p) => p.slug),
        ),
        kinds: list(tally.kind, ITEM_KINDS),
        cross: {
          total: cross.total,
          participants: crossList(
            cross.participant,
            PARTICIPANTS.map((p) => p.slug),
          ),
          themes: crossList(
            cross.theme,
            THEMES.map((t) => t.slug),
          ),
        },
        recent,
        next,
      };
    });
}

/** `GET /v1/stats` (extension): counts and recent activity, now or as of a past seq. */
export function registerStats(app: FastifyInstance, schema: string): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/v1/stats',
    {
      schema: {
        tags: ['read'],
        summary: 'Counts and recent activity, now or as of a seq (time travel)',
        description:
          'Counts per theme, participant and kind of the active items the caller may see; ' +
          '`cross`: the adoptions, follow-ups, queries and replies the caller may see (each ' +
          'under the visibility of its own read), in all, per participant and per theme; and ' +
          'the newest `recent` events (≤ 200, filtered by `themes`, `participants`, `types`, ' +
          '`countries` — the filters of every list), all as of `seq`: ' +
          '`asOf`, or the checkpoint when `asOf` is absent or beyond it (add `minSeq` to wait ' +
          'for it). One consistent snapshot: resume a live feed with `after=<seq>`. Themes and ' +
          'participants are listed in taxonomy/registry order, zeros included. `next` is the ' +
          'first later seq the caller may see (to step through time), null at the checkpoint.',
        querystring: StatsQuery,
        response: { 200: Stats, ...problems },
      },
    },
    async (request) => readStats(app.db, schema, request.reader, request.query),
  );
}
