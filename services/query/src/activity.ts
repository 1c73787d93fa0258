import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { filtersOf } from '@rcpx/contracts';
import type { Reader } from '@rcpx/contracts';
import { eventMatches, itemMatches, readModels, visibleTo, withMemberOf } from '@rcpx/db';
import type { Database, EventRow } from '@rcpx/db';
import { decodeCursor, keysetPage } from './cursor.ts';
import { ActivityPage, ActivityQuery, problems } from './schemas.ts';
import { matchesSearch } from './search.ts';

type Envelope = Record<string, unknown> & { data?: Record<string, unknown> };

/** A timeline entry: who did what to which item, with the CloudEvent itself (`rcpxseq` set). */
export function toActivity(row: Omit<EventRow, 'vis_level' | 'vis_rcps' | 'themes'>) {
  const envelope = (row.envelope ?? {}) as Envelope;
  const data = envelope.data ?? {};
  const meeting = data.meeting as { title?: unknown } | undefined;
  const version = envelope.rcpxversion;
  return {
    seq: Number(row.seq),
    type: row.type,
    time: new Date(row.time).toISOString(),
    participant: row.participant,
    itemId: row.item_id,
    kind: row.kind,
    title: data.title ?? meeting?.title ?? null,
    version: typeof version === 'number' ? version : null,
    event: { ...envelope, rcpxseq: Number(row.seq) },
  };
}

/**
 * One page of the activity timeline `reader` may see, newest first (keyset on seq). Each event
 * is visible by its own `visibility` narrowed by its item's current one (as stored in `events`).
 * `themes`, `participants` and `types` filter the events; `q` and `countries` match the item's
 * current state and keep only events of items the reader can see now.
 */
export async function listActivity(
  db: Kysely<Database>,
  schema: string,
  reader: Reader,
  query: ActivityQuery,
) {
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, false);
  const rm = readModels(db, schema);
  let q = rm
    .selectFrom('events as e')
    .select(['e.seq', 'e.id', 'e.type', 'e.kind', 'e.item_id', 'e.participant', 'e.time'])
    .select('e.envelope')
    .where(visibleTo(reader, 'e'));
  const { countries, ...onEvents } = await withMemberOf(db, schema, filtersOf(query));
  q = q.where(eventMatches(onEvents, 'e'));
  if (query.q !== undefined || countries !== undefined) {
    const text = query.q;
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('items as i')
          .select(sql`1`.as('one'))
          .whereRef('i.id', '=', 'e.item_id')
          .where(visibleTo(reader, 'i'))
          .$if(text !== undefined, (s) => s.where(matchesSearch(schema, text!, 'i.id')))
          .$if(countries !== undefined, (s) =>
            s.where(itemMatches({ countries: countries! }, reader, schema, 'i')),
          ),
      ),
    );
  }
  if (after !== undefined) q = q.where('e.seq', '<', after.seq);
  const rows = await q
    .orderBy('e.seq', 'desc')
    .limit(query.limit + 1)
    .execute();
  const { page, nextCursor } = keysetPage(rows, query.limit, (last) => ({ seq: Number(last.seq) }));
  return { items: page.map(toActivity), nextCursor };
}

/** `GET /v1/activity`. */
export function registerActivity(app: FastifyInstance, schema: string): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/v1/activity',
    {
      schema: {
        tags: ['read'],
        summary: 'Activity timeline',
        description:
          'Every event of every kind the caller may see, newest first. Filters are ' +
          'comma-separated lists (OR within a list, AND across lists; the singular names are ' +
          'aliases of one value): `themes`, `participants` and `types` filter the events; `q` ' +
          '(full text) and `countries` match the current state of the item each event belongs ' +
          'to. An unknown parameter is a 400. Page with `nextCursor`.',
        querystring: ActivityQuery,
        response: { 200: ActivityPage, ...problems },
      },
    },
    async (request) => listActivity(app.db, schema, request.reader, request.query),
  );
}
