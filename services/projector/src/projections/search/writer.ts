import { sql, type Kysely } from 'kysely';
import { COPY_MIN_ROWS, copyRows, readModels, upsertRows, type Database } from '@rcpx/db';
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
 * Writes the batch's searchable texts, each replacing the item's row if there is one (a revision,
 * or a second creation of an id, not from ingest): a few in one upsert; more by deleting the
 * rows they replace, then copying them in. Postgres computes the generated `search` once per row.
 */
export async function writeSearch(
  db: Kysely<Database>,
  schema: string,
  states: readonly SearchState[],
): Promise<void> {
  if (states.length === 0) return;
  const target = { schema, table: 'item_search', columns: COLUMNS };
  const rows = states.map(({ row }) => COLUMNS.map((c) => row[c]));
  if (rows.length <= COPY_MIN_ROWS) {
    await upsertRows(db, target, 'id', rows);
    return;
  }
  await readModels(db, schema)
    .deleteFrom('item_search')
    .where(sql<boolean>`id = any(${states.map((s) => s.row.id)}::uuid[])`)
    .execute();
  await copyRows(db, target, rows);
}
