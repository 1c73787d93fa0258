import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '@rcpx/db';

/** Rows per statement: one jsonb parameter each, so far from the 65k parameter limit. */
export const ROWS_PER_STATEMENT = 2000;

// Postgres text and jsonb cannot hold U+0000: strip it rather than fail the batch forever.
function stripNul(_key: string, value: unknown): unknown {
  return typeof value === 'string' && value.includes('\u0000')
    ? value.replaceAll('\u0000', '')
    : value;
}

/** `rows` as one JSON text parameter Postgres accepts. */
export function toJsonParam(rows: readonly unknown[]): string {
  const json = JSON.stringify(rows);
  return json.includes('\\u0000') ? JSON.stringify(rows, stripNul) : json;
}

export function chunk<T>(rows: readonly T[], size = ROWS_PER_STATEMENT): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

export type JsonTable = 'items' | 'item_search' | 'events';

/** `jsonb_populate_recordset(null::<schema>.<table>, $1)`: rows as one jsonb parameter. */
export function jsonRecordset(
  schema: string,
  table: JsonTable,
  rows: readonly unknown[],
): RawBuilder<unknown> {
  return sql`jsonb_populate_recordset(null::${sql.table(`${schema}.${table}`)}, ${toJsonParam(rows)}::jsonb)`;
}

export interface InsertJsonRows<R> {
  schema: string;
  table: JsonTable;
  columns: readonly (keyof R & string)[];
  rows: readonly R[];
  /** What follows the insert, e.g. `on conflict (seq) do nothing`. */
  onConflict?: RawBuilder<unknown>;
}

/** Multi-row INSERT of `rows` (objects keyed by column name), one jsonb parameter per chunk. */
export async function insertJsonRows<R>(
  db: Kysely<Database>,
  { schema, table, columns, rows, onConflict }: InsertJsonRows<R>,
): Promise<void> {
  const target = sql.table(`${schema}.${table}`);
  const cols = sql.join(columns.map((c) => sql.ref(c)));
  for (const part of chunk(rows)) {
    await sql`insert into ${target} (${cols})
      select ${cols} from ${jsonRecordset(schema, table, part)} ${onConflict ?? sql``}`.execute(db);
  }
}
