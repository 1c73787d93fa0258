import { sql, type Kysely } from 'kysely';
import { copyRows, readModels, type Database } from '@rcpx/db';
import type { SearchRow, SearchState } from './types.ts';

const COLUMNS = [
  'id',
  'title',
  'text_en',
  'text_fr',
  'text_es',
  'text_any',
] as const satisfies readonly (keyof SearchRow)[];

/**
 * Writes the batch's searchable texts: deletes the rows of the items they replace (a revision,
 * or a second creation of an id, not from ingest), then copies the new rows in. Postgres
 * computes the generated `search` once per row.
 */
export async function writeSearch(
  db: Kysely<Database>,
  schema: string,
  states: readonly SearchState[],
): Promise<void> {
  if (states.length === 0) return;
  await readModels(db, schema)
    .deleteFrom('item_search')
    .where(sql<boolean>`id = any(${states.map((s) => s.row.id)}::uuid[])`)
    .execute();
  await copyRows(
    db,
    { schema, table: 'item_search', columns: COLUMNS },
    states.map(({ row }) => COLUMNS.map((c) => row[c])),
  );
}
