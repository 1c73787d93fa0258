import type { Kysely } from 'kysely';
import { replaceRows, type Database } from '@rcpx/db';
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
 * or a second creation of an id, not from ingest): `replaceRows`. Postgres computes the
 * generated `search` once per row.
 */
export async function writeSearch(
  db: Kysely<Database>,
  schema: string,
  states: readonly SearchState[],
): Promise<void> {
  if (states.length === 0) return;
  await replaceRows(
    db,
    { schema, table: 'item_search', columns: COLUMNS },
    'id',
    states.map(({ row }) => COLUMNS.map((c) => row[c])),
    states.map((s) => s.row.id),
  );
}
