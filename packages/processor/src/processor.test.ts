import t from 'tap';
import { sql, type Kysely } from 'kysely';
import type { StoredEvent } from '@rcpx/bus';
import type { Database } from '@rcpx/db';
import { appendPracticeEvent, openTestDeps, waitFor } from '@rcpx/testing';
import {
  processRange,
  RealignError,
  startProcessor,
  type CheckpointedHandler,
  type Processor,
} from './index.ts';

const { db, bus } = await openTestDeps(t);

await sql`create table applied (name text not null, seq bigint not null)`.execute(db);
await sql`create table cp (name text primary key, seq bigint not null)`.execute(db);

const append = async (n: number): Promise<number> => {
  let last = 0;
  for (let i = 0; i < n; i += 50) {
    const acks = await Promise.all(
      Array.from({ length: Math.min(50, n - i) }, () =>
        appendPracticeEvent(bus, { participant: 'iom', data: {} }),
      ),
    );
    last = Math.max(last, ...acks.map((a) => a.seq));
  }
  return last;
};

const checkpointOf = async (name: string): Promise<number> => {
  const { rows } = await sql<{ seq: string }>`select seq from cp where name = ${name}`.execute(db);
  return Number(rows[0]?.seq ?? 0);
};

/** Records each seq it applies, with its checkpoint, in one transaction (skips seq ≤ it). */
function recorder(
  name: string,
  hooks: { beforeApply?: (batch: StoredEvent[]) => void | Promise<void> } = {},
): CheckpointedHandler<StoredEvent[]> & { recovered: number } {
  return {
    recovered: 0,
    checkpoint: () => checkpointOf(name),
    prepare: (batch) => batch,
    async apply(batch) {
      await hooks.beforeApply?.(batch);
      await (db as Kysely<Database>).transaction().execute(async (trx) => {
        await sql`insert into cp values (${name}, 0) on conflict do nothing`.execute(trx);
        const { rows } = await sql<{
          seq: string;
        }>`select seq from cp where name = ${name} for update`.execute(trx);
        const fresh = batch.filter((e) => e.seq > Number(rows[0]!.seq));
        if (fresh.length === 0) return;
        const seqs = fresh.map((e) => e.seq);
        await sql`insert into applied select ${name}, unnest(${seqs}::bigint[])`.execute(trx);
        await sql`update cp set seq = ${seqs[seqs.length - 1]} where name = ${name}`.execute(trx);
      });
    },
    async recover() {
      this.recovered++;
    },
  };
}

const appliedTwiceOrMissing = async (name: string, last: number) => {
  const { rows } = await sql<{ n: number; distinct: number; lo: number | null; hi: number | null }>`
    select count(*)::int as n, count(distinct seq)::int as distinct, min(seq)::int as lo,
           max(seq)::int as hi from applied where name = ${name}`.execute(db);
  return rows[0]!.n === last &&
    rows[0]!.distinct === last &&
    rows[0]!.lo === 1 &&
    rows[0]!.hi === last
    ? 'exactly once'
    : JSON.stringify(rows[0]);
};

t.test(
  'a crowd of instances: one leads at a time, each seq applied once across stops',
  async (t) => {
    const name = 'crowd';
    const start = () =>
      startProcessor({
        db,
        bus,
        durable: name,
        lock: `test-${name}`,
        handler: recorder(name),
        maxBatch: 100,
        standbyRetryMs: 50,
      });
    const crowd: Processor[] = Array.from({ length: 5 }, start);
    t.teardown(() => Promise.all(crowd.map((p) => p.stop())));
    let overlap = 0;
    const watch = setInterval(() => {
      if (crowd.filter((p) => p.leading).length > 1) overlap++;
    }, 5);
    t.teardown(() => clearInterval(watch));

    const writing = append(2000);
    // stop the leader three times while the log grows: another instance takes over each time
    for (let i = 0; i < 3; i++) {
      const leader = await waitFor(() => crowd.find((p) => p.leading), { timeoutMs: 10_000 });
      await waitFor(async () => (await checkpointOf(name)) > i * 400, { timeoutMs: 20_000 });
      await leader.stop();
      crowd.splice(crowd.indexOf(leader), 1, start());
    }
    const last = await writing;
    await waitFor(async () => (await checkpointOf(name)) >= last, { timeoutMs: 30_000 });
    t.equal(overlap, 0, 'never two leaders at once');
    t.equal(await appliedTwiceOrMissing(name, last), 'exactly once');
  },
);

t.test(
  'a failing apply is retried with backoff (recover first), the batch applied once',
  async (t) => {
    const name = 'retry';
    let failures = 3;
    const handler = recorder(name, {
      beforeApply: () => {
        if (failures-- > 0) throw new Error('Postgres is away');
      },
    });
    const p = startProcessor({ db, bus, durable: name, lock: `test-${name}`, handler });
    t.teardown(() => p.stop());
    const last = await append(20);
    await waitFor(async () => (await checkpointOf(name)) >= last, { timeoutMs: 20_000 });
    t.equal(handler.recovered, 3, 'recover before each retry');
    t.equal(await appliedTwiceOrMissing(name, last), 'exactly once');
  },
);

t.test('RealignError ends the term: delivery resumes at checkpoint + 1', async (t) => {
  const name = 'realign';
  let realigns = 1;
  const handler = recorder(name, {
    beforeApply: () => {
      if (realigns-- > 0) throw new RealignError('delivery and checkpoint disagree');
    },
  });
  const p = startProcessor({
    db,
    bus,
    durable: name,
    lock: `test-${name}`,
    handler,
    standbyRetryMs: 50,
  });
  t.teardown(() => p.stop());
  const last = await append(10);
  await waitFor(async () => (await checkpointOf(name)) >= last, { timeoutMs: 20_000 });
  t.equal(handler.recovered, 0, 'not retried in place');
  t.equal(await appliedTwiceOrMissing(name, last), 'exactly once');
  await waitFor(
    async () => (await bus.jsm.consumers.info(bus.stream, name)).ack_floor.stream_seq === last,
    { message: 'the durable acked up to the checkpoint' },
  );
  t.pass('the durable acked up to the checkpoint');
});

t.test(
  'the lock session killed: the heartbeat notices, it leads again, nothing lost',
  async (t) => {
    const name = 'heartbeat';
    const roles: string[] = [];
    const p = startProcessor({
      db,
      bus,
      durable: name,
      lock: `test-${name}`,
      handler: recorder(name),
      heartbeatMs: 100,
      standbyRetryMs: 50,
      onRoleChange: (r) => roles.push(r),
    });
    t.teardown(() => p.stop());
    await waitFor(() => p.leading);
    const first = await append(10);
    await waitFor(async () => (await checkpointOf(name)) >= first, { timeoutMs: 20_000 });
    await sql`select pg_terminate_backend(pid) from pg_locks
    where locktype = 'advisory' and database = (select oid from pg_database where datname = current_database())`.execute(
      db,
    );
    await waitFor(() => roles.length >= 3, { timeoutMs: 10_000 });
    t.same(roles.slice(0, 3), ['leader', 'standby', 'leader']);
    const last = await append(10);
    await waitFor(async () => (await checkpointOf(name)) >= last, { timeoutMs: 20_000 });
    t.equal(await appliedTwiceOrMissing(name, last), 'exactly once');
  },
);

t.test('processRange: a catch-up from the checkpoint to a seq, no lock, no durable', async (t) => {
  const name = 'range';
  const upTo = Number((await bus.jsm.streams.info(bus.stream)).state.last_seq);
  const half = Math.floor(upTo / 2);
  const r1 = await processRange(bus, recorder(name), { untilSeq: half, batchSize: 7 });
  t.same(r1, { last: half, count: half });
  const r2 = await processRange(bus, recorder(name), { untilSeq: upTo, batchSize: 7 });
  t.same(r2, { last: upTo, count: upTo - half }, 'from the checkpoint on');
  t.equal(await appliedTwiceOrMissing(name, upTo), 'exactly once');
  let fails = 0;
  const failing = recorder('range-fail', {
    beforeApply: () => {
      fails++;
      throw new Error('always');
    },
  });
  await t.rejects(processRange(bus, failing, { untilSeq: 5, maxAttempts: 2 }), /always/);
  t.equal(fails, 2, 'gives up after maxAttempts');
});
