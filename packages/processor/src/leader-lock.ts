import { sql, type Kysely } from 'kysely';
import { advisoryLockKey, type Database } from '@rcpx/db';
import type { ProcessorLogger } from './handler.ts';

export interface LeaderLockOptions {
  /** Lock name (`advisoryLockKey`): one holder per name and database. */
  name: string;
  /** How often the lock's connection is checked (default 2 s). */
  heartbeatMs?: number;
  logger: ProcessorLogger;
}

/** How often a leader checks that its lock's connection is alive. */
export const HEARTBEAT_MS = 2_000;

/**
 * Runs `lead` while holding the session advisory lock `name` on a dedicated connection, and
 * returns true; returns false at once (without running it) when another session holds the lock.
 * A heartbeat on that connection aborts `lost` when it fails (Postgres restarted: the lock is
 * gone); `lead` must then return. The lock is released when `lead` settles.
 */
export async function whileLeading(
  db: Kysely<Database>,
  opts: LeaderLockOptions,
  lead: (lost: AbortSignal) => Promise<void>,
): Promise<boolean> {
  const key = advisoryLockKey(opts.name);
  return db.connection().execute(async (session) => {
    const { rows } = await sql<{
      ok: boolean;
    }>`select pg_try_advisory_lock(${key}) as ok`.execute(session);
    if (!rows[0]?.ok) return false;
    const lost = new AbortController();
    const heartbeat = setInterval(() => {
      sql`select 1`.execute(session).catch((err: unknown) => {
        if (lost.signal.aborted) return;
        opts.logger.warn({ err, lock: opts.name }, 'processor: lock session lost; standing by');
        lost.abort(err);
      });
    }, opts.heartbeatMs ?? HEARTBEAT_MS);
    try {
      await lead(lost.signal);
    } finally {
      clearInterval(heartbeat);
      await sql`select pg_advisory_unlock(${key})`.execute(session).catch(() => {});
    }
    return true;
  });
}
