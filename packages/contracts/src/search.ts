import { z } from 'zod';
import { Item } from './http.ts';
import { QueryReply, QuerySummary } from './query-reads.ts';

// `GET /v1/search`: one ranked list of hits of every kind the reader may read.

const rank = z.number().meta({ description: 'Relevance: best first, comparable across kinds' });
const link = z.string().meta({
  description: 'The path of the hit (`/v1/practices/<id>`, `/v1/queries/<id>/replies/<id>`, …)',
  examples: ['/v1/queries/7b1e4c0e-9d1a-4f8e-8a55-3c2f0e6d9a10'],
});

/** A practice, meeting or publication found: the item as listed, with `rank` and `link`. */
export const ItemHit = Item.extend({ rank, link });

/** A query found by its title or questions: the query as listed, `kind: "query"`. */
export const QueryHit = QuerySummary.extend({ kind: z.literal('query'), rank, link });

/**
 * A reply found by its answers (only under its effective visibility, in a query the reader
 * sees): the reply with its query's `title` and `themes`, `kind: "reply"`.
 */
export const ReplyHit = QueryReply.extend({
  kind: z.literal('reply'),
  title: z.record(z.string(), z.string()).meta({ description: "The query's title" }),
  themes: z.array(z.string()).meta({ description: "The query's themes" }),
  rank,
  link,
});

/** One hit of the search: `kind` says which. */
export const SearchHit = z.union([ItemHit, QueryHit, ReplyHit]);
export type SearchHit = z.infer<typeof SearchHit>;

/** `GET /v1/search`: the best matches first, each with its `kind`, `rank` and `link`. */
export const SearchPage = z.object({
  items: z.array(SearchHit),
  nextCursor: z.string().nullable(),
});
export type SearchPage = z.infer<typeof SearchPage>;
