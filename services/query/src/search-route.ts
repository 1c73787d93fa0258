import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { SearchQuery, filtersOf } from '@rcpx/contracts';
import type { Item, Reader } from '@rcpx/contracts';
import { itemMatches, readModels, visibleTo, withMemberOf } from '@rcpx/db';
import type { Database } from '@rcpx/db';
import { decodeRankCursor, encodeRankCursor } from './cursor.ts';
import { toItem } from './item-json.ts';
import { SearchPage, problems } from './schemas.ts';
import { searchQuery } from './search.ts';

const COLUMNS = [
  'i.id',
  'i.kind',
  'i.participant',
  'i.version',
  'i.status',
  'i.themes',
  'i.vis_level',
  'i.vis_rcps',
  'i.title',
  'i.data',
  'i.created_seq',
  'i.updated_seq',
  'i.created_at',
  'i.updated_at',
] as const;

/**
 * One page of the active items of every kind that `reader` may see and `q` matches (accents and
 * case ignored, en/fr/es), best first: `ts_rank` (title above text above names), then id, both
 * descending (keyset on that pair). The list filters apply.
 */
export async function searchItems(
  db: Kysely<Database>,
  schema: string,
  reader: Reader,
  query: SearchQuery,
): Promise<{ items: (Item & { rank: number })[]; nextCursor: string | null }> {
  const after = query.cursor === undefined ? undefined : decodeRankCursor(query.cursor);
  const tsq = searchQuery(schema, query.q);
  const filters = await withMemberOf(db, schema, filtersOf(query));
  const rank = sql<number>`ts_rank(s.search, ${tsq})`;
  let q = readModels(db, schema)
    .selectFrom('items as i')
    .innerJoin('item_search as s', 's.id', 'i.id')
    .select(COLUMNS)
    .select(rank.as('rank'))
    .where('i.status', '=', 'active')
    .where(visibleTo(reader, 'i'))
    .where(sql<boolean>`s.search @@ ${tsq}`)
    .where(itemMatches(filters, reader, schema, 'i'));
  if (after !== undefined) {
    q = q.where(sql<boolean>`(${rank}, i.id) < (${after.rank}::real, ${after.id}::uuid)`);
  }
  const rows = await q
    .orderBy(sql`rank`, 'desc')
    .orderBy('i.id', 'desc')
    .limit(query.limit + 1)
    .execute();
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  const nextCursor =
    rows.length > query.limit && last !== undefined
      ? encodeRankCursor({ rank: Number(last.rank), id: last.id })
      : null;
  return {
    items: page.map((r) => ({ ...toItem(r), rank: Number(r.rank) })),
    nextCursor,
  };
}

/** `GET /v1/search`: one ranked full-text search across practices, meetings and publications. */
export function registerSearch(app: FastifyInstance, schema: string): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/v1/search',
    {
      schema: {
        tags: ['read'],
        summary: 'Search every kind',
        description:
          'Full-text search across practices, meeting outcomes and publications (active ones) ' +
          'the caller may see, in English, French and Spanish, accents and case ignored ' +
          '(`depart` finds “départ”). `q` takes web search syntax: words (all must match), ' +
          '"a phrase", `or`, `-word`. Best matches first (`rank`: title above text above ' +
          'names and contacts). The list filters apply (`themes`, `participants`, `types`, ' +
          '`countries`, singular aliases); an unknown parameter is a 400. Page with `nextCursor`.',
        querystring: SearchQuery,
        response: { 200: SearchPage, ...problems },
      },
    },
    async (request) => searchItems(app.db, schema, request.reader, request.query),
  );
}
