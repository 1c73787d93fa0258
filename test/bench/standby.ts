import { sql } from 'kysely';
import { advisoryLockKey, createDb } from '@rcpx/db';

/**
 * Takes the leader locks `names` (`advisoryLockKey`) of the database at `url` on one session of
 * its own, so that every processor leading under those names there — the projector, the webhook
 * fan-out — stands by, as a second replica does. Resolves once they are held; the returned
 * function releases them.
 */
export async function holdLeaderLocks(url: string, names: readonly string[]) {
  const db = createDb(url, { max: 1 });
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let held!: () => void;
  const holding = new Promise<void>((resolve) => (held = resolve));
  const session = db.connection().execute(async (conn) => {
    for (const name of names) {
      await sql`select pg_advisory_lock(${advisoryLockKey(name)})`.execute(conn);
    }
    held();
    await released;
    await sql`select pg_advisory_unlock_all()`.execute(conn);
  });
  await Promise.race([holding, session]);
  return async (): Promise<void> => {
    release();
    await session.finally(() => db.destroy());
  };
}
