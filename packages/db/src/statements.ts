import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from './database.ts';

/**
 * Runs `parts` as one query: one round trip, the statements in order, each parsed and planned when
 * its turn comes (a lock one takes holds before the next resolves its tables). They take no
 * parameters (inline values with `sql.lit`). Returns the last statement's rows. Needs a kysely
 * from `createDb`.
 */
export async function runStatements<R>(
  db: Kysely<Database>,
  parts: readonly RawBuilder<unknown>[],
): Promise<R[]> {
  const compiled = sql.join(parts, sql`; `).compile(db);
  if (compiled.parameters.length > 0) {
    throw new Error('runStatements: the statements take no parameters (inline them: sql.lit)');
  }
  const { rows } = await db.executeQuery<R>(compiled);
  return rows;
}

/** What `runTransaction`'s body returns: its value, and the statements around its COMMIT. */
export interface TransactionEnd<T> {
  value: T;
  /** Run just before COMMIT, in its round trip. */
  beforeCommit?: readonly RawBuilder<unknown>[];
  /**
   * Run just after COMMIT (outside the transaction), in its round trip: one that fails rejects
   * `runTransaction` although the transaction committed.
   */
  afterCommit?: readonly RawBuilder<unknown>[];
}

/**
 * A transaction on one connection of `db` in as few round trips as it takes: BEGIN and `begin`
 * in one (the last one's rows go to `body`), `body`'s own statements, then its `beforeCommit`,
 * COMMIT and `afterCommit` in one. The statements around BEGIN and COMMIT take no parameters
 * (`runStatements`). Anything thrown rolls it back and is rethrown.
 */
export async function runTransaction<B, T>(
  db: Kysely<Database>,
  begin: readonly RawBuilder<unknown>[],
  body: (conn: Kysely<Database>, rows: B[]) => Promise<TransactionEnd<T>>,
): Promise<T> {
  return db.connection().execute(async (conn) => {
    try {
      const rows = await runStatements<B>(conn, [sql`begin`, ...begin]);
      const end = await body(conn, rows);
      await runStatements(conn, [
        ...(end.beforeCommit ?? []),
        sql`commit`,
        ...(end.afterCommit ?? []),
      ]);
      return end.value;
    } catch (err) {
      // the connection goes back to the pool out of any transaction (a broken one is dropped)
      await sql`rollback`.execute(conn).catch(() => {});
      throw err;
    }
  });
}
