import { sql, type Kysely } from 'kysely';
import type { Database } from '@rcpx/db';
import { insertJsonRows } from '../../json-rows.ts';
import type { EventRecord } from './types.ts';

const COLUMNS = [
  'seq',
  'id',
  'type',
  'kind',
  'item_id',
  'participant',
  'themes',
  'vis_level',
  'vis_rcps',
  'time',
  'envelope',
] as const satisfies readonly (keyof EventRecord)[];

/** Inserts the mirror rows; a seq already there is kept. */
export async function writeEvents(
  db: Kysely<Database>,
  schema: string,
  rows: readonly EventRecord[],
): Promise<void> {
  if (rows.length === 0) return;
  await insertJsonRows(db, {
    schema,
    table: 'events',
    columns: COLUMNS,
    rows,
    onConflict: sql`on conflict (seq) do nothing`,
  });
}
