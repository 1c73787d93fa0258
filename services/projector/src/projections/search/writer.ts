import { sql, type Kysely } from 'kysely';
import type { Database } from '@rcpx/db';
import { chunk, insertJsonRows, jsonRecordset } from '../../json-rows.ts';
import type { SearchRow, SearchState } from './types.ts';

const COLUMNS = [
  'id',
  'title',
  'text_en',
  'text_fr',
  'text_es',
  'text_any',
] as const satisfies readonly (keyof SearchRow)[];

const SET = sql.join(
  COLUMNS.filter((c) => c !== 'id').map((c) => sql`${sql.ref(c)} = excluded.${sql.ref(c)}`),
);

async function insertRows(db: Kysely<Database>, schema: string, rows: readonly SearchRow[]) {
  if (rows.length === 0) return;
  // a second creation of an id (not from ingest) replaces the text, as it replaces the item
  await insertJsonRows(db, {
    schema,
    table: 'item_search',
    columns: COLUMNS,
    rows,
    onConflict: sql`on conflict (id) do update set ${SET}`,
  });
}

/**
 * Writes the batch's searchable texts. Items created in the batch are inserted; the others are
 * updated with a plain UPDATE (Postgres computes the generated `search` once, where an upsert
 * would compute it twice), and the few an update did not find (a revision of an item whose
 * creation is not in the log) are inserted after it.
 */
export async function writeSearch(
  db: Kysely<Database>,
  schema: string,
  states: readonly SearchState[],
): Promise<void> {
  const created: SearchRow[] = [];
  const revised: SearchRow[] = [];
  for (const s of states) (s.created ? created : revised).push(s.row);
  const table = sql.table(`${schema}.item_search`);
  const set = sql.join(
    COLUMNS.filter((c) => c !== 'id').map((c) => sql`${sql.ref(c)} = r.${sql.ref(c)}`),
  );
  const updateRows = async () => {
    for (const part of chunk(revised)) {
      const { rows } = await sql<{ id: string }>`update ${table} s set ${set}
        from ${jsonRecordset(schema, 'item_search', part)} r where s.id = r.id
        returning s.id`.execute(db);
      const found = new Set(rows.map((r) => r.id));
      await insertRows(
        db,
        schema,
        part.filter((r) => !found.has(r.id)),
      );
    }
  };
  await Promise.all([insertRows(db, schema, created), updateRows()]);
}
