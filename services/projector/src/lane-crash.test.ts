import t from 'tap';
import { sql } from 'kysely';
import { readModels, readModelsCheckpoint } from '@rcpx/db';
import { openTestDeps, waitFor } from '@rcpx/testing';
import { appendAll, generateLog } from './test-fixtures.ts';
import { assertProjectedOnce, spawnProjector, waitForCatchUp } from './test-processes.ts';
import { countRows } from './test-support.ts';

// Crash between two lanes' commits: the projector process is SIGKILLed while the lanes of a
// batch holding `events` and `items` have committed and the lane holding `search` has not (its
// write waits on a lock the test holds on `rm.item_search`). A fresh projector must apply the
// rest of that batch to `search` only, and every later batch to all: each projection at the
// log's last seq, nothing applied twice, nothing lost.

const { env, db, bus } = await openTestDeps(t);

const checkpoint = () => readModelsCheckpoint(db, 'rm').catch(() => 0);

/** Each projection's checkpoint row. */
async function rows(): Promise<Record<string, number>> {
  const found = await readModels(db, 'rm')
    .selectFrom('checkpoint')
    .select(['name', 'seq'])
    .execute();
  return Object.fromEntries(found.map((r) => [r.name, Number(r.seq)]));
}

/** Holds a SHARE lock on `table` (reads go on, writes wait) until the returned release. */
async function holdShareLock(table: string): Promise<() => Promise<void>> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let locked!: () => void;
  const isLocked = new Promise<void>((resolve) => (locked = resolve));
  const done = db.transaction().execute(async (trx) => {
    await sql`lock table ${sql.table(table)} in share mode`.execute(trx);
    locked();
    await released;
  });
  await Promise.race([isLocked, done]);
  return async () => {
    release();
    await done;
  };
}

/** The backends of this database waiting on a lock for a statement on `rm.item_search`. */
async function waitingOnSearch(): Promise<number[]> {
  const { rows } = await sql<{ pid: number }>`select pid from pg_stat_activity
    where datname = current_database() and pid <> pg_backend_pid()
      and wait_event_type = 'Lock' and query ilike '%item_search%'`.execute(db);
  return rows.map((r) => r.pid);
}

t.test(
  'SIGKILL with one lane committed and another not: exactly once after a restart',
  async (t) => {
    let child = spawnProjector(env);
    t.teardown(() => child.kill('SIGKILL'));
    await waitFor(() => bus.jsm.consumers.info(bus.stream, 'projector'), { timeoutMs: 30_000 });

    // practices only: every event is read by events, items and search (three busy lanes)
    const log = generateLog(1200, 47);
    const first = await appendAll(bus, log.slice(0, 400));
    await waitFor(async () => (await checkpoint()) === first, { timeoutMs: 60_000 });

    // search's writes wait; the next batch's lanes for events and items commit meanwhile
    const unlock = await holdShareLock('rm.item_search');
    t.teardown(unlock);
    const second = await appendAll(bus, log.slice(400, 800));
    const blocked = await waitFor(
      async () => {
        const [pids, at] = [await waitingOnSearch(), await rows()];
        const ahead = at.events! > at.search! && at.items! > at.search!;
        return pids.length > 0 && ahead ? { pids, at } : undefined;
      },
      { timeoutMs: 60_000, message: 'no batch with the search lane waiting and the others ahead' },
    ).catch((err: unknown) => {
      t.comment(child.output());
      throw err;
    });
    t.equal(blocked.at.search, first, 'search is where the lock caught it');
    t.ok(blocked.at.events! > first, `events committed up to ${blocked.at.events}`);
    t.equal(blocked.at.items, blocked.at.events, 'items committed with it');

    const killed = await child.kill('SIGKILL');
    t.equal(killed.signal, 'SIGKILL');
    // the killed process's waiting backend goes on once the lock is released, finds no client
    // to commit it and rolls back
    await unlock();
    await waitFor(
      async () => {
        const { rows: alive } = await sql<{ pid: number }>`select pid from pg_stat_activity
        where pid in (${sql.join(blocked.pids)})`.execute(db);
        return alive.length === 0;
      },
      { timeoutMs: 30_000, message: 'the killed lane’s backend is still there' },
    );
    t.same(await rows(), blocked.at, 'the killed lane committed nothing; the others kept theirs');
    t.comment(
      `killed with events and items at ${blocked.at.events}, search at ${first}, of ${second}`,
    );

    const last = await appendAll(bus, log.slice(800));
    child = spawnProjector(env);
    await waitForCatchUp(t, child, checkpoint, last);
    t.equal(last, 1200);
    const after = await rows();
    for (const [name, seq] of Object.entries(after)) t.equal(seq, last, `${name} at ${last}`);

    // an event given again to a lane that had committed it would be refused (the events mirror's
    // key) and recorded as skipped: none is
    t.equal(await countRows(db, 'rm', 'skipped_events'), 0, 'no event refused or skipped');
    await assertProjectedOnce(t, db, bus, last);
    await child.kill('SIGTERM');
  },
);
