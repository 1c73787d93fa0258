import { sql, type RawBuilder } from 'kysely';

/**
 * Full-text match of `q` against the `search` tsvector of `items` (optionally qualified by
 * `alias`): the websearch query parsed in English, French, Spanish and without stemming
 * (`simple`), OR-ed, so a word matches in whichever language the item was written.
 */
export function matchesSearch(q: string, alias?: string): RawBuilder<boolean> {
  const col = sql.ref(alias ? `${alias}.search` : 'search');
  return sql<boolean>`${col} @@ (websearch_to_tsquery('english', ${q}) || websearch_to_tsquery('french', ${q}) || websearch_to_tsquery('spanish', ${q}) || websearch_to_tsquery('simple', ${q}))`;
}
