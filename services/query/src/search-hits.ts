import { sql, type Kysely, type RawBuilder } from 'kysely';
import { utcDate, type Clock, type Filters, type Reader, type SearchHit } from '@rcpx/contracts';
import { itemMatches, readModels, visibleTo, type Database } from '@rcpx/db';
import { ITEM_COLUMNS, toItem } from './item-json.ts';
import {
  selectQueries,
  selectReplies,
  toReply,
  toSummary,
  type QueryJsonRow,
} from './queries/rows.ts';

/** One ranked match before it is read back: which table, which row, how well. */
export interface RankedMatch {
  src: 'item' | 'query' | 'reply';
  id: string;
  rank: number;
}

const textArray = (values: readonly string[]) => sql`${sql.val([...values])}::text[]`;
const AND = (parts: RawBuilder<boolean>[]) =>
  parts.length === 0 ? sql<boolean>`true` : sql<boolean>`(${sql.join(parts, sql` and `)})`;

/**
 * The list filters over a query (`q`) or a reply (`r`, its query `q`): the query's themes, the
 * author (launcher or replier) among `participants` or of the `memberOf` processes, an event of
 * one of `types` on it that the reader may see; they concern no country, so `countries` never
 * matches.
 */
function asideMatches(
  f: Filters,
  reader: Reader,
  schema: string,
  alias: 'q' | 'r',
): RawBuilder<boolean> {
  const parts: RawBuilder<boolean>[] = [];
  const author = sql.ref(`${alias}.participant`);
  if (f.themes) parts.push(sql<boolean>`q.themes && ${textArray(f.themes)}`);
  if (f.participants) parts.push(sql<boolean>`${author} = any(${textArray(f.participants)})`);
  if (f.memberStates) parts.push(sql<boolean>`${author} = any(${textArray(f.memberOf ?? [])})`);
  if (f.countries) parts.push(sql<boolean>`false`);
  if (f.types) {
    parts.push(sql<boolean>`exists (select 1 from ${sql.table(`${schema}.events`)} fe
      where fe.item_id = ${sql.ref(`${alias}.id`)} and fe.type = any(${textArray(f.types)})
        and ${visibleTo(reader, 'fe')})`);
  }
  return AND(parts);
}

/**
 * The matches of `tsq` that `reader` may read, best first (`rank`, then id, descending), after
 * the keyset position `after`: active items, queries, and replies (under the reply's effective
 * visibility and in a query the reader sees). `filters` resolved (`withMemberOf`).
 */
export async function rankedMatches(
  db: Kysely<Database>,
  schema: string,
  reader: Reader,
  tsq: RawBuilder<unknown>,
  filters: Filters,
  page: { limit: number; after?: { rank: number; id: string } | undefined },
): Promise<RankedMatch[]> {
  const t = (name: string) => sql.table(`${schema}.${name}`);
  const after = page.after
    ? sql<boolean>`(h.rank, h.id) < (${page.after.rank}::real, ${page.after.id}::uuid)`
    : sql<boolean>`true`;
  const { rows } = await sql<RankedMatch>`
    select h.src, h.id, h.rank from (
      select 'item' as src, i.id, ts_rank(s.search, ${tsq}) as rank
        from ${t('items')} i join ${t('item_search')} s on s.id = i.id
        where i.status = 'active' and ${visibleTo(reader, 'i')} and s.search @@ ${tsq}
          and ${itemMatches(filters, reader, schema, 'i')}
      union all
      select 'query', q.id, ts_rank(q.search, ${tsq})
        from ${t('queries')} q
        where ${visibleTo(reader, 'q')} and q.search @@ ${tsq}
          and ${asideMatches(filters, reader, schema, 'q')}
      union all
      select 'reply', r.id, ts_rank(r.search, ${tsq})
        from ${t('query_replies')} r join ${t('queries')} q on q.id = r.query_id
        where ${visibleTo(reader, 'r')} and ${visibleTo(reader, 'q')} and r.search @@ ${tsq}
          and ${asideMatches(filters, reader, schema, 'r')}
    ) h
    where ${after}
    order by h.rank desc, h.id desc
    limit ${page.limit}`.execute(db);
  return rows.map((r) => ({ ...r, rank: Number(r.rank) }));
}

/** The matches read back as hits, in their order, each with its `kind`, `rank` and `link`. */
export async function hitsOf(
  db: Kysely<Database>,
  schema: string,
  reader: Reader,
  matches: readonly RankedMatch[],
  clock: Clock,
): Promise<SearchHit[]> {
  const ids = (src: RankedMatch['src']) => matches.filter((m) => m.src === src).map((m) => m.id);
  const [itemIds, queryIds, replyIds] = [ids('item'), ids('query'), ids('reply')];
  const rm = readModels(db, schema);
  const [items, queries, replies] = await Promise.all([
    itemIds.length === 0
      ? []
      : rm
          .selectFrom('items')
          .select(ITEM_COLUMNS)
          .where('id', 'in', itemIds)
          .where('status', '=', 'active')
          .where(visibleTo(reader))
          .execute(),
    queryIds.length === 0
      ? []
      : (selectQueries(db, schema, reader).where('q.id', 'in', queryIds).execute() as Promise<
          QueryJsonRow[]
        >),
    replyIds.length === 0
      ? []
      : selectReplies(db, schema, reader)
          .innerJoin('queries as q', 'q.id', 'r.query_id')
          .select(['q.title', 'q.themes'])
          .where('r.id', 'in', replyIds)
          .where(visibleTo(reader, 'q'))
          .execute(),
  ]);
  const today = utcDate(clock.now());
  const hits = new Map<string, SearchHit>();
  for (const row of items) {
    const item = toItem(row);
    hits.set(row.id, { ...item, rank: 0, link: `/v1/${item.kind}s/${row.id}` });
  }
  for (const row of queries) {
    const query = toSummary(row, today);
    hits.set(row.id, { ...query, kind: 'query', rank: 0, link: `/v1/queries/${row.id}` });
  }
  for (const r of replies) {
    hits.set(r.id, {
      kind: 'reply',
      ...toReply(r),
      title: r.title as Record<string, string>,
      themes: r.themes,
      rank: 0,
      link: `/v1/queries/${r.query_id}/replies/${r.id}`,
    });
  }
  // a row gone or narrowed between the two reads is left out (visibility is checked again)
  return matches.flatMap((m) => {
    const hit = hits.get(m.id);
    return hit ? [{ ...hit, rank: m.rank }] : [];
  });
}
