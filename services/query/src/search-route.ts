import type { Kysely } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { SearchPage, SearchQuery, filtersOf, systemClock } from '@rcpx/contracts';
import type { Clock, Reader, SearchHit } from '@rcpx/contracts';
import { withMemberOf } from '@rcpx/db';
import type { Database } from '@rcpx/db';
import { decodeRankCursor, encodeRankCursor } from './cursor.ts';
import { problems } from './schemas.ts';
import { searchQuery } from './search.ts';
import { hitsOf, rankedMatches } from './search-hits.ts';

/**
 * One page of what `reader` may read and `q` matches (accents and case ignored, en/fr/es): the
 * active items of every kind, the queries, and the replies under their effective visibility;
 * best first: `ts_rank`, then id, both descending (keyset on that pair). The list filters apply.
 */
export async function searchAll(
  db: Kysely<Database>,
  schema: string,
  reader: Reader,
  query: SearchQuery,
  clock: Clock = systemClock,
): Promise<{ items: SearchHit[]; nextCursor: string | null }> {
  const after = query.cursor === undefined ? undefined : decodeRankCursor(query.cursor);
  const filters = await withMemberOf(db, schema, filtersOf(query));
  const matches = await rankedMatches(db, schema, reader, searchQuery(schema, query.q), filters, {
    limit: query.limit + 1,
    after,
  });
  const page = matches.slice(0, query.limit);
  const last = page.at(-1);
  const nextCursor =
    matches.length > query.limit && last !== undefined
      ? encodeRankCursor({ rank: last.rank, id: last.id })
      : null;
  return { items: await hitsOf(db, schema, reader, page, clock), nextCursor };
}

/** `GET /v1/search`: one ranked full-text search across the items, queries and replies. */
export function registerSearch(app: FastifyInstance, schema: string, clock?: Clock): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/v1/search',
    {
      schema: {
        tags: ['read'],
        summary: 'Search every kind',
        description:
          'Full-text search across practices, meeting outcomes and publications (active ones), ' +
          'queries and replies the caller may read (a reply under its own visibility, in a ' +
          'query the caller sees), in English, French and Spanish, accents and case ignored ' +
          '(`depart` finds “départ”). `q` takes web search syntax: words (all must match), ' +
          '"a phrase", `or`, `-word`. Best matches first, ranked together (`rank`: title above ' +
          'text above names and contacts); each hit has its `kind` (`practice`, `meeting`, ' +
          '`publication`, `query`, `reply`) and its `link`. The list filters apply (`themes`, ' +
          '`participants` — of a query its launcher, of a reply its author —, `types`, ' +
          '`countries` — queries and replies concern none —, `memberState`, singular aliases); ' +
          'an unknown parameter is a 400. Page with `nextCursor`.',
        querystring: SearchQuery,
        response: { 200: SearchPage, ...problems },
      },
    },
    async (request) => searchAll(app.db, schema, request.reader, request.query, clock),
  );
}
