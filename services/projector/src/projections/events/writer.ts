import type { Kysely } from 'kysely';
import { copyRows, type Database } from '@rcpx/db';
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

// The log's own text, unless it holds a \u0000 escape, which jsonb refuses (copyRows drops
// U+0000 from the envelope object instead).
function envelopeValue(r: EventRecord): unknown {
  return r.json !== undefined && !r.json.includes('\\u0000') ? r.json : r.envelope;
}

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
    rows.map((r) => COLUMNS.map((c) => (c === 'envelope' ? envelopeValue(r) : r[c]))),
  );
}
