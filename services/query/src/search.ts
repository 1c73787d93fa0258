import { sql, type RawBuilder } from 'kysely';

/**
 * Full-text match of `q` for the item whose id is `idRef` (a column reference such as `items.id`
 * or `i.id`): its row of `<schema>.item_search` matches the websearch query parsed in English,
 * French, Spanish and without stemming (`simple`), OR-ed, so a word matches in whichever language
 * the item was written.
 */
export function matchesSearch(schema: string, q: string, idRef: string): RawBuilder<boolean> {
  return sql<boolean>`exists (select 1 from ${sql.table(`${schema}.item_search`)} s
    where s.id = ${sql.ref(idRef)}
      and s.search @@ (websearch_to_tsquery('english', ${q}) || websearch_to_tsquery('french', ${q}) || websearch_to_tsquery('spanish', ${q}) || websearch_to_tsquery('simple', ${q})))`;
}
