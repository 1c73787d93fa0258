import { sql, type RawBuilder } from 'kysely';

/** The configuration `name` of the read schema (`rcpx_english`, …: stock ones plus unaccent). */
const config = (schema: string, name: string) =>
  sql`${sql.lit(`"${schema.replaceAll('"', '""')}".${name}`)}::regconfig`;

/**
 * The tsquery of `q` (web search syntax) parsed in English, French, Spanish and without stemming
 * (`simple`), OR-ed, so a word matches in whichever language the item was written; accents and
 * case are ignored (the read schema's `rcpx_*` configurations unaccent, as the indexed text).
 */
export function searchQuery(schema: string, q: string): RawBuilder<unknown> {
  const parse = (name: string) => sql`websearch_to_tsquery(${config(schema, name)}, ${q})`;
  return sql`(${parse('rcpx_english')} || ${parse('rcpx_french')} || ${parse('rcpx_spanish')} || ${parse('rcpx_simple')})`;
}

/**
 * Full-text match of `q` for the item whose id is `idRef` (a column reference such as `items.id`
 * or `i.id`): its row of `<schema>.item_search` matches `searchQuery(schema, q)` (GIN index).
 */
export function matchesSearch(schema: string, q: string, idRef: string): RawBuilder<boolean> {
  return sql<boolean>`exists (select 1 from ${sql.table(`${schema}.item_search`)} s
    where s.id = ${sql.ref(idRef)} and s.search @@ ${searchQuery(schema, q)})`;
}
