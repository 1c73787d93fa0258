import type { Kysely } from 'kysely';
import { copyRows, jsonText, type Database } from '@rcpx/db';
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
  'parent_id',
] as const satisfies readonly (keyof EventRecord)[];

/**
 * Copies the mirror rows in. Only seqs beyond the projection's checkpoint reach here (under its
 * row lock), so none is in the table yet.
 */
export async function writeEvents(
  db: Kysely<Database>,
  schema: string,
  rows: readonly EventRecord[],
): Promise<void> {
  await copyRows(
    db,
    { schema, table: 'events', columns: COLUMNS },
    rows.map((r) =>
      COLUMNS.map((c) => (c === 'envelope' && r.json !== undefined ? jsonText(r.json) : r[c])),
    ),
  );
}
