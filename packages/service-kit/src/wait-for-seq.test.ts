import t from 'tap';
import { sql } from 'kysely';
import { CHECKPOINT_CHANNEL, checkpointNotices, readModelsCheckpoint } from '@rcpx/db';
import { waitFor } from '@rcpx/testing';
import { createApp, createLogger, waitForSeq } from './index.ts';
import { ProblemError } from './index.ts';
import { createTestDb } from './test-db.ts';

const tdb = await createTestDb();
t.teardown(() => tdb.drop());
const { db } = tdb;
// The real table comes from the read-model migrations; made by hand here.
await sql`create schema rm_test`.execute(db);
await sql`create table rm_test.checkpoint (name text primary key, seq bigint not null)`.execute(db);
// one row per projection: the read models are at the minimum
await sql`insert into rm_test.checkpoint values ('items', 5), ('events', 9), ('search', 5)`.execute(
  db,
);

/**
 * A schema `name` whose one checkpoint row is at 0, and a waiter for seq 5 there once the LISTEN
 * connection is up: `done()` is what it resolved with so far.
 */
async function waitingInFreshSchema(name: string) {
  const checkpoint = sql.table(`${name}.checkpoint`);
  await sql`create schema ${sql.id(name)}`.execute(db);
  await sql`create table ${checkpoint} (name text primary key, seq bigint not null)`.execute(db);
  await sql`insert into ${checkpoint} values ('items', 0)`.execute(db);
  const notices = checkpointNotices(db)!;
  let resolved: number | undefined;
  const waiting = waitForSeq(db, name, 5, 30_000).then((seq) => (resolved = seq));
  await waitFor(() => notices.listening, { message: 'LISTEN connection up' });
  return { waiting, done: () => resolved };
}

t.test('resolves at once when the checkpoint has reached minSeq', async (t) => {
  t.equal(await waitForSeq(db, 'rm_test', 5), 5);
  t.equal(await waitForSeq(db, 'rm_test', 0), 5);
});

t.test('waits for every projection to catch up', async (t) => {
  const waiting = waitForSeq(db, 'rm_test', 7, 10_000);
  await sql`update rm_test.checkpoint set seq = 8 where name = 'items'`.execute(db);
  t.equal(await readModelsCheckpoint(db, 'rm_test'), 5, 'search is still at 5');
  await sql`update rm_test.checkpoint set seq = 6 where name = 'search'`.execute(db);
  await sql`update rm_test.checkpoint set seq = 8 where name = 'search'`.execute(db);
  t.equal(await waiting, 8);
});

t.test('times out with a 503 problem and Retry-After: 1', async (t) => {
  const err = await waitForSeq(db, 'rm_test', 1000, 100).catch((e: unknown) => e);
  t.ok(err instanceof ProblemError);
  const p = err as ProblemError;
  t.equal(p.status, 503);
  t.equal(p.headers['retry-after'], '1');
  t.match(p.detail, /1000/);

  const app = createApp({ logger: createLogger({ LOG_LEVEL: 'silent' }) });
  app.get('/read', async () => {
    await waitForSeq(db, 'rm_test', 1000, 50);
    return { ok: true };
  });
  t.teardown(() => app.close());
  const res = await app.inject({ method: 'GET', url: '/read?minSeq=1000' });
  t.equal(res.statusCode, 503);
  t.equal(res.headers['retry-after'], '1');
  t.match(res.json(), { status: 503, instance: '/read' });
});

t.test('a missing checkpoint row counts as seq 0', async (t) => {
  await sql`create schema rm_empty`.execute(db);
  await sql`create table rm_empty.checkpoint (name text primary key, seq bigint not null)`.execute(
    db,
  );
  t.equal(await waitForSeq(db, 'rm_empty', 0), 0);
  const err = await waitForSeq(db, 'rm_empty', 1, 50).catch((e: unknown) => e);
  t.match(err, { status: 503 });
});

t.test(
  'a crowd of waiters wakes on the commit notices, each once its seq is reached',
  async (t) => {
    await sql`create schema rm_crowd`.execute(db);
    await sql`create table rm_crowd.checkpoint (name text primary key, seq bigint not null)`.execute(
      db,
    );
    await sql`insert into rm_crowd.checkpoint values ('items', 0), ('events', 0)`.execute(db);
    const notices = checkpointNotices(db)!;
    const resolved = new Map<number, number>();
    const waiters = Array.from({ length: 60 }, (_, i) => i + 1).map((minSeq) =>
      waitForSeq(db, 'rm_crowd', minSeq, 60_000).then((seq) => resolved.set(minSeq, seq)),
    );
    await waitFor(() => notices.listening, { message: 'LISTEN connection up' });
    // the projections commit apart, each notifying: advance in steps of 10
    for (let at = 10; at <= 60; at += 10) {
      await sql`update rm_crowd.checkpoint set seq = ${at} where name = 'items'`.execute(db);
      await sql`select pg_notify(${CHECKPOINT_CHANNEL}, '0')`.execute(db);
      await sql`update rm_crowd.checkpoint set seq = ${at} where name = 'events'`.execute(db);
      await sql`select pg_notify(${CHECKPOINT_CHANNEL}, ${String(at)})`.execute(db);
      await waitFor(() => resolved.size >= at, { timeoutMs: 20_000 });
      t.equal(resolved.size, at, `at ${at}: exactly the waiters up to ${at} are done`);
      if (at === 30) {
        // the LISTEN connection is lost: waiters go on (polling), and it comes back by itself
        await sql`select pg_terminate_backend(pid) from pg_stat_activity
        where datname = current_database() and query ilike 'listen %'`.execute(db);
        await waitFor(() => !notices.listening, { message: 'LISTEN connection dropped' });
      }
    }
    await Promise.all(waiters);
    t.ok(
      [...resolved].every(([minSeq, seq]) => seq >= minSeq),
      'never below minSeq',
    );
    await waitFor(() => notices.listening, { message: 'LISTEN connection back' });
  },
);

t.test(
  "a notice of the schema's checkpoint wakes its waiters without a read; others' do not",
  async (t) => {
    const { waiting, done } = await waitingInFreshSchema('rm_told');
    // another schema's notice (passed over) and one of an older form (read again): still 0
    await sql`select pg_notify(${CHECKPOINT_CHANNEL}, 'rm_other 9')`.execute(db);
    await sql`select pg_notify(${CHECKPOINT_CHANNEL}, '9')`.execute(db);
    await new Promise((resolve) => setTimeout(resolve, 200));
    t.equal(done(), undefined, 'still waiting');
    // its own schema's notice is taken at its word (the table is not read again)
    await sql`select pg_notify(${CHECKPOINT_CHANNEL}, 'rm_told 5')`.execute(db);
    t.equal(await waiting, 5);
  },
);

t.test(
  "a notice short of minSeq spares the read; the safety net's read finds a silent commit",
  async (t) => {
    const { waiting, done } = await waitingInFreshSchema('rm_short');
    await new Promise((resolve) => setTimeout(resolve, 50)); // its first read is done
    // Given a commit that reaches 5 without a notice, then a lane's notice that says 3
    await sql`update rm_short.checkpoint set seq = 5`.execute(db);
    await sql`select pg_notify(${CHECKPOINT_CHANNEL}, 'rm_short 3')`.execute(db);
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Then the notice is taken at its word (no read: the lane seen last will announce the rest)
    t.equal(done(), undefined, 'still waiting after a notice short of its seq');
    // and the re-read every second while notices arrive finds the commit
    t.equal(await waiting, 5);
  },
);
