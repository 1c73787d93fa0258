import { test } from 'tap';
import { sql } from 'kysely';
import { lastSeq } from '@rcpx/bus';
import { waitFor } from '@rcpx/testing';
import { fanoutCheckpoint, runFanout } from './fanout.ts';
import { createSubscription } from './subscriptions.repository.ts';
import { appendPractice, harness, quietLogger } from './test-support.ts';

// The fan-out is a handler of the checkpointed processor: a crowd of fan-outs on one database,
// the leader stopped mid-stream, another takes over; every delivery is queued exactly once.

test('fan-outs side by side: the leader stopped under load, each delivery queued once', async (t) => {
  const { db, bus } = await harness(t);
  const logger = quietLogger();
  const sub = await createSubscription(
    db,
    'iom',
    { url: 'https://hooks.example.org/rcpx' },
    () => lastSeq(bus),
    10,
    null,
  );
  const fanouts = Array.from({ length: 4 }, () => new AbortController());
  const running: Promise<void>[] = [];
  const start = (ac: AbortController) =>
    running.push(runFanout({ db, bus, logger, signal: ac.signal, lockRetryMs: 50 }));
  t.teardown(async () => {
    for (const ac of fanouts) ac.abort();
    await Promise.all(running);
  });

  /** Appends `n` events, 25 at a time; `midway` runs once half of them are in. */
  const append = async (n: number, midway?: () => void) => {
    let last = 0;
    let pending = midway;
    for (let i = 0; i < n; i += 25) {
      if (i >= n / 2 && pending) {
        pending();
        pending = undefined;
      }
      const acks = await Promise.all(
        Array.from({ length: 25 }, () => appendPractice(bus, { participant: 'iom' })),
      );
      last = Math.max(last, ...acks.map((a) => a.seq));
    }
    return last;
  };

  // the first one leads (it applies the first events), then the others stand by
  start(fanouts[0]!);
  await append(50);
  await waitFor(async () => (await fanoutCheckpoint(db)) >= 50, { timeoutMs: 20_000 });
  for (const ac of fanouts.slice(1)) start(ac);

  let stopping: Promise<number> | undefined;
  // the leader stopped (ordered stop) while the log grows
  const last = await append(500, () => {
    fanouts[0]!.abort();
    stopping = running[0]!.then(() => fanoutCheckpoint(db));
  });
  const atStop = (await stopping)!;
  t.ok(atStop > 50, 'it had applied some of it');
  t.ok(atStop < last, `the leader stopped mid-stream (at ${atStop} of ${last})`);
  await waitFor(async () => (await fanoutCheckpoint(db)) >= last, {
    timeoutMs: 30_000,
    message: `the fan-out did not reach ${last} (stopped at ${atStop})`,
  });

  const { rows } = await sql<{ n: number; distinct: number; lo: number; hi: number }>`
    select count(*)::int as n, count(distinct seq)::int as distinct,
           min(seq)::int as lo, max(seq)::int as hi
    from deliveries where subscription_id = ${sub.id} and origin = 'log'`.execute(db);
  t.same(rows[0], { n: last, distinct: last, lo: 1, hi: last }, 'one delivery per event');
});
