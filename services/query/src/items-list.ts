import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ItemList, filtersOf } from '@rcpx/contracts';
import type { Item, ItemKind, Reader } from '@rcpx/contracts';
import { itemMatches, readModels, visibleTo, withMemberOf } from '@rcpx/db';
import type { Database } from '@rcpx/db';
import { decodeCursor, keysetPage } from './cursor.ts';
import { ITEM_COLUMNS, toItem } from './item-json.ts';
import { COLLECTIONS } from './kinds.ts';
import { ItemListQuery, problems } from './schemas.ts';
import { matchesSearch } from './search.ts';

/**
 * One page of `kind` items `reader` may see, newest change first (keyset on `updated_seq`, then
 * `id`, both descending). `nextCursor` is null on the last page.
 */
export async function listItems(
  db: Kysely<Database>,
  schema: string,
  reader: Reader,
  kind: ItemKind,
  query: ItemListQuery,
): Promise<{ items: Item[]; nextCursor: string | null }> {
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, true);
  let q = readModels(db, schema)
    .selectFrom('items')
    .select(ITEM_COLUMNS)
    .where('kind', '=', kind)
    .where(visibleTo(reader));
  if (query.status !== 'all') q = q.where('status', '=', query.status);
  const filters = await withMemberOf(db, schema, filtersOf(query));
  q = q.where(itemMatches(filters, reader, schema, 'items'));
  if (query.q !== undefined) q = q.where(matchesSearch(schema, query.q, 'items.id'));
  if (after !== undefined) {
    q = q.where(sql<boolean>`(updated_seq, id) < (${after.seq}::bigint, ${after.id}::uuid)`);
  }
  const rows = await q
    .orderBy('updated_seq', 'desc')
    .orderBy('id', 'desc')
    .limit(query.limit + 1)
    .execute();
  const { page, nextCursor } = keysetPage(rows, query.limit, (last) => ({
    seq: Number(last.updated_seq),
    id: last.id,
  }));
  return { items: page.map(toItem), nextCursor };
}

/** `GET /v1/practices`, `/v1/meetings`, `/v1/publications`. */
export function registerItemLists(app: FastifyInstance, schema: string): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  for (const { kind, segment, noun } of COLLECTIONS) {
    r.get(
      `/v1/${segment}`,
      {
        schema: {
          tags: ['read'],
          summary: `List ${noun}s`,
          description:
            `The ${noun}s the caller may see, newest change first. Filters are comma-separated ` +
            'lists (OR within a list, AND across lists; the singular names are aliases of one ' +
            'value); `types` keeps the items with an event of one of those types. `q` is full ' +
            'text across English, French and Spanish, accents and case ignored. An unknown ' +
            'parameter is a 400. Withdrawn items are left out ' +
            'unless `status=withdrawn` or `status=all`. Page with `nextCursor`.',
          querystring: ItemListQuery,
          response: { 200: ItemList, ...problems },
        },
      },
      async (request) => listItems(app.db, schema, request.reader, kind, request.query),
    );
  }
}
