import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { CheckpointNotices } from './checkpoint-notices.ts';
import { copyCapablePool } from './copy.ts';
import type { Database } from './database.ts';

const INT8 = 20;
const NOTICES = new WeakMap<Kysely<Database>, CheckpointNotices>();

/**
 * The checkpoint notices of a `createDb` instance (its own LISTEN connection, closed with the
 * pool); undefined for any other kysely instance (a transaction, say).
 */
export function checkpointNotices(db: Kysely<Database>): CheckpointNotices | undefined {
  return NOTICES.get(db);
}

/**
 * A kysely instance on a pg pool; bigint columns (seqs) come back as numbers; `copyRows` works
 * on it and on its transactions.
 */
export function createDb(
  url: string,
  opts: { max?: number; onError?: (err: Error) => void } = {},
): Kysely<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    // Short, bounded queries: compiling them (JIT, on above an estimated cost) cost more than it
    // saved wherever measured (a counts query: 1.3 s of 2 s), so no connection of ours uses it
    options: '-c jit=off',
    max: opts.max ?? 10,
    connectionTimeoutMillis: 2_000,
    idleTimeoutMillis: 30_000,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === INT8) return (v: string) => Number(v);
        return pg.types.getTypeParser(oid, format ?? 'text');
      }) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client losing its server (Postgres restart) must not crash the process: the next
  // query fails and is answered 503; the pool reconnects by itself.
  pool.on('error', (err) => opts.onError?.(err));
  // A checked-out client (a held session or transaction between queries) losing its server
  // emits 'error' with no listener of the pool's: without this one the process would die. The
  // next query on it fails and the caller retries on a fresh client.
  pool.on('connect', (client) => client.on('error', (err) => opts.onError?.(err)));
  const notices = new CheckpointNotices({ connectionString: url, connectionTimeoutMillis: 2_000 });
  const copyPool = copyCapablePool(pool);
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({
      pool: {
        connect: () => copyPool.connect(),
        end: async () => {
          await notices.close();
          await copyPool.end();
        },
      },
    }),
  });
  NOTICES.set(db, notices);
  return db;
}
