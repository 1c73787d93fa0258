import {
  sql,
  type Kysely,
  type PostgresPool,
  type PostgresPoolClient,
  type PostgresQueryResult,
} from 'kysely';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Database } from './database.ts';

// COPY … FROM STDIN through kysely, so it runs on a transaction's own connection (kysely has no
// COPY: kysely-org/kysely#1509). The pool handed to kysely's PostgresDialect gives out clients
// whose `query(sql, [data])` streams `data` through pg-copy-streams when `sql` is a
// `COPY … FROM STDIN` with exactly one parameter — something plain Postgres cannot take (COPY has
// no parameters), so no other statement changes meaning. A statement list without parameters
// (`a; b`: one round trip, see `statements`) answers with its last statement's result. Everything
// else goes to the client as is.
// Kysely plugins see the COPY like any statement.

const COPY_FROM_STDIN = /^\s*copy\s[\s\S]*\sfrom\s+stdin\b/i;

function copyIn(client: pg.PoolClient, text: string, data: string) {
  const stream = client.query(copyFrom(text));
  return new Promise<PostgresQueryResult<never>>((resolve, reject) => {
    stream.on('error', reject);
    // pg-copy-streams emits 'finish' after ReadyForQuery: the rows are in, the client is free.
    // kysely reads `command` for INSERT/UPDATE/… only; COPY is none of them.
    const command = 'COPY' as PostgresQueryResult<never>['command'];
    stream.on('finish', () => resolve({ command, rowCount: stream.rowCount, rows: [] }));
    stream.end(data);
  });
}

/**
 * `pool` as kysely's PostgresDialect takes it, with COPY … FROM STDIN (see `copyRows`). One
 * wrapper per pg client, so kysely's per-client connection cache keeps working.
 */
export function copyCapablePool(pool: pg.Pool): PostgresPool {
  const wrappers = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  const wrap = (client: pg.PoolClient): PostgresPoolClient => {
    function query(sql: unknown, params?: readonly unknown[]) {
      if (typeof sql !== 'string') return client.query(sql as pg.Submittable);
      if (params?.length === 1 && typeof params[0] === 'string' && COPY_FROM_STDIN.test(sql)) {
        return copyIn(client, sql, params[0]);
      }
      if (params?.length || !sql.includes(';')) return client.query(sql, params as unknown[]);
      // several statements without parameters, one round trip: the last one's result
      return client
        .query(sql)
        .then((r: pg.QueryResult | pg.QueryResult[]) => (Array.isArray(r) ? r[r.length - 1] : r));
    }
    return {
      query: query as unknown as PostgresPoolClient['query'],
      release: (d) => client.release(d),
    };
  };
  return {
    async connect() {
      const client = await pool.connect();
      let wrapper = wrappers.get(client);
      if (!wrapper) wrappers.set(client, (wrapper = wrap(client)));
      return wrapper;
    },
    end: () => pool.end(),
  };
}

// COPY's text format: a backslash, tab, newline or carriage return in a value is escaped; NULL
// is \N.
const SPECIAL = /[\\\t\n\r]/;
const SPECIALS = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const escapeField = (value: string): string =>
  SPECIAL.test(value) ? value.replace(SPECIALS, (c) => ESCAPES[c]!) : value;

function stripNul(_key: string, value: unknown): unknown {
  return typeof value === 'string' && value.includes('\u0000')
    ? value.replaceAll('\u0000', '')
    : value;
}

/** A JS array as a Postgres array literal: `{"a","b"}`, null elements as NULL. */
function arrayLiteral(values: readonly unknown[]): string {
  const parts = values.map((v) => {
    if (v === null || v === undefined) return 'NULL';
    if (Array.isArray(v)) return arrayLiteral(v);
    return `"${String(v).replace(/["\\]/g, '\\$&')}"`;
  });
  return `{${parts.join(',')}}`;
}

/** JSON already as text, for a json/jsonb column: `copyRows` sends it as it is. */
export class JsonText {
  constructor(readonly text: string) {}
}

/**
 * `text` (valid JSON) for a json/jsonb column of `copyRows`, sent as it is instead of stringifying
 * a parsed copy again (a `\u0000` escape, which jsonb refuses, is dropped as from objects).
 */
export const jsonText = (text: string): JsonText => new JsonText(text);

const stripNulText = (s: string) => (s.includes('\u0000') ? s.replaceAll('\u0000', '') : s);

/**
 * One value as Postgres reads it in text form (the input of its column type), or null: objects as
 * JSON, arrays as array literals. Postgres text and jsonb cannot hold U+0000: it is dropped.
 */
function valueText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return stripNulText(value);
  if (value instanceof JsonText) {
    const { text } = value;
    return text.includes('\\u0000') ? JSON.stringify(JSON.parse(text), stripNul) : text;
  }
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') {
    return String(value);
  }
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return stripNulText(arrayLiteral(value));
  const json = JSON.stringify(value);
  // JSON escapes U+0000 as \u0000, which jsonb refuses: the string without it
  return json.includes('\\u0000') ? JSON.stringify(value, stripNul) : json;
}

/** One value in COPY text format: `valueText`, escaped; null as \N. */
function fieldText(value: unknown): string {
  const text = valueText(value);
  return text === null ? '\\N' : escapeField(text);
}

/**
 * `rows` (one array of values per row, in `columns` order) as COPY text format. A value that is
 * an array goes as a Postgres array literal, a `jsonText` as its text, any other object as JSON
 * (for json/jsonb columns).
 */
export function toCopyText(rows: readonly (readonly unknown[])[]): string {
  let out = '';
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) out += (i > 0 ? '\t' : '') + fieldText(row[i]);
    out += '\n';
  }
  return out;
}

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Where `copyRows` writes: a table, in a schema (quoted as identifiers), and its columns. */
export interface CopyTarget {
  schema: string;
  table: string;
  columns: readonly string[];
}

/**
 * Batches of at most this many rows go as one multi-row INSERT instead: one round trip where COPY
 * takes two, and no stream to set up — what counts for the one event of a quiet moment's batch.
 * Beyond a few rows COPY costs less CPU (Postgres parses no parameters; no statement to build):
 * the all-in-one's writes under load (batches of ~30–130 events) took 5 % more writes/s with 4
 * than with 32.
 */
export const COPY_MIN_ROWS = 4;

/**
 * Inserts `rows` on `db`'s connection (inside its transaction when `db` is one): COPY … FROM
 * STDIN — about twice the rate of a multi-row INSERT — or, for at most `COPY_MIN_ROWS` rows, one
 * INSERT of the same values in the same text form (each read by its column's type, as COPY
 * reads it). Rows are arrays of values in `columns` order (see `toCopyText`). Needs a kysely
 * from `createDb`. Returns the number of rows inserted. There is no ON CONFLICT: a duplicate key
 * fails the statement.
 */
export async function copyRows(
  db: Kysely<Database>,
  target: CopyTarget,
  rows: readonly (readonly unknown[])[],
): Promise<number> {
  if (rows.length === 0) return 0;
  if (rows.length <= COPY_MIN_ROWS) await insertRows(db, target, rows);
  else await copyText(db, target, toCopyText(rows));
  return rows.length;
}

/**
 * `rows` as one `insert … values ($1, …), (…)`: untyped text parameters, read as the columns'
 * types. With `key`, a row whose `key` is taken replaces the one there (ON CONFLICT DO UPDATE).
 */
async function insertRows(
  db: Kysely<Database>,
  { schema, table, columns }: CopyTarget,
  rows: readonly (readonly unknown[])[],
  key?: string,
): Promise<void> {
  const values = rows.map((row) => sql`(${sql.join(row.map((v) => sql`${valueText(v)}`))})`);
  const replace =
    key === undefined
      ? sql``
      : sql` on conflict (${sql.raw(ident(key))}) do update set ${sql.raw(
          columns
            .filter((c) => c !== key)
            .map((c) => `${ident(c)} = excluded.${ident(c)}`)
            .join(', '),
        )}`;
  await sql`insert into ${sql.raw(`${ident(schema)}.${ident(table)}`)} (${sql.raw(
    columns.map(ident).join(', '),
  )}) values ${sql.join(values)}${replace}`.execute(db);
}

/**
 * Inserts `rows` (values as `copyRows` takes them) in one statement, each replacing the row with
 * the same `key` (a unique column of `target.columns`) where there is one: for a few rows, one
 * round trip where a DELETE and a COPY take three. Two rows with the same key fail the statement.
 */
export async function upsertRows(
  db: Kysely<Database>,
  target: CopyTarget,
  key: string,
  rows: readonly (readonly unknown[])[],
): Promise<number> {
  if (rows.length === 0) return 0;
  await insertRows(db, target, rows, key);
  return rows.length;
}

/**
 * Writes `rows`, each replacing the row with the same `key` where there is one: at most
 * `COPY_MIN_ROWS` in one upsert (`upsertRows`); more by deleting the rows whose `key` is in
 * `taken` (the keys that may exist already), then one COPY.
 */
export async function replaceRows(
  db: Kysely<Database>,
  target: CopyTarget,
  key: string,
  rows: readonly (readonly unknown[])[],
  taken: readonly unknown[],
): Promise<number> {
  if (rows.length <= COPY_MIN_ROWS) return upsertRows(db, target, key, rows);
  if (taken.length > 0) {
    // the parameter is typed by the column (uuid[] for a uuid key, …)
    await sql`delete from ${sql.raw(`${ident(target.schema)}.${ident(target.table)}`)}
      where ${sql.raw(ident(key))} = any(${taken})`.execute(db);
  }
  return copyRows(db, target, rows);
}

/**
 * `copyRows` of rows already in COPY text format (`toCopyText`, or `COPY … TO STDOUT` of the same
 * columns): one line per row.
 */
export async function copyText(
  db: Kysely<Database>,
  { schema, table, columns }: CopyTarget,
  text: string,
): Promise<void> {
  if (text.length === 0) return;
  const statement = `copy ${ident(schema)}.${ident(table)} (${columns.map(ident).join(', ')}) from stdin`;
  // the data is the one parameter; its placeholder sits in a comment Postgres ignores
  await sql`${sql.raw(statement)} /* ${text} */`.execute(db);
}
