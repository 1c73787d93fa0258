import t from 'tap';
import { sql } from 'kysely';
import { readModelsCheckpoint } from '@rcpx/db';
import { openTestDeps, waitFor, type ServiceProcess } from '@rcpx/testing';
import { appendAll, generateLog } from './test-fixtures.ts';
import { assertProjectedOnce, spawnProjector } from './test-processes.ts';

// Failover: two projector processes on one database and log; the leader is SIGKILLed while
// events keep coming. The standby must lead within 5 s, lose nothing and apply nothing twice.

const { env, db, bus } = await openTestDeps(t);

interface Instance {
  name: string;
  proc: ServiceProcess;
  /** When it logged that it leads (ms since the epoch), if it did. */
  ledAt?: number;
}

function start(name: string): Instance {
  const inst: Instance = { name, proc: undefined as unknown as ServiceProcess };
  inst.proc = spawnProjector(env, {
    name,
    logLevel: 'info',
    onLine: (line) => {
      if (line.includes('"processor: leading"')) inst.ledAt ??= Date.now();
    },
  });
  return inst;
}

const checkpoint = () => readModelsCheckpoint(db, 'rm').catch(() => 0);

t.test('the leader SIGKILLed under load: the standby leads within 5 s, exactly once', async (t) => {
  const a = start('projector-a');
  const b = start('projector-b');
  t.teardown(async () => {
    await Promise.all([a.proc.kill('SIGKILL'), b.proc.kill('SIGKILL')]);
  });
  const leader = await waitFor(() => a.ledAt ?? b.ledAt, { timeoutMs: 60_000 }).then(() =>
    a.ledAt !== undefined ? a : b,
  );
  const standby = leader === a ? b : a;
  // both up: the standby has its lock attempt running (its app listens before it tries)
  await waitFor(() => standby.proc.output().includes('another instance leads'), {
    timeoutMs: 60_000,
  }).catch(() => {}); // not fatal: it may also try only after the kill

  // write load in the background: 8 waves of 750 events, every append acked
  const log = generateLog(6000, 9);
  let written = 0;
  const writing = (async () => {
    for (let i = 0; i < log.length; i += 750) {
      written = await appendAll(bus, log.slice(i, i + 750));
    }
    return written;
  })();

  await waitFor(async () => (await checkpoint()) >= 1500, { timeoutMs: 60_000, intervalMs: 5 });
  const killedAt = Date.now();
  const exit = await leader.proc.kill('SIGKILL');
  t.equal(exit.signal, 'SIGKILL', `${leader.name} killed`);
  const atKill = await checkpoint();

  await waitFor(() => standby.ledAt, {
    timeoutMs: 10_000,
    message: `${standby.name} did not lead`,
  }).catch((err: unknown) => {
    t.comment(standby.proc.output());
    throw err;
  });
  const tookOver = standby.ledAt! - killedAt;
  t.ok(tookOver <= 5_000, `${standby.name} leads ${tookOver} ms after the kill`);
  // its first batch (up to 5,000 events, three transactions) lands soon after; timed, not bound:
  // on a loaded machine the batch itself may take seconds
  await waitFor(async () => (await checkpoint()) > atKill, { timeoutMs: 30_000, intervalMs: 5 });
  t.comment(`the read models moved on ${Date.now() - killedAt} ms after the kill`);

  const last = await writing;
  t.ok(atKill < last, `killed mid-load (at ${atKill} of ${last})`);
  await waitFor(async () => (await checkpoint()) >= last, {
    timeoutMs: 120_000,
    message: `the standby did not catch up to ${last}`,
  });

  // every acked seq (appendAll awaited each ack: 1..last) applied exactly once
  const { rows } = await sql<{ n: number; distinct: number; lo: number; hi: number }>`
    select count(*)::int as n, count(distinct seq)::int as distinct,
           min(seq)::int as lo, max(seq)::int as hi from rm.events`.execute(db);
  t.same(rows[0], { n: last, distinct: last, lo: 1, hi: last }, 'each acked seq once');
  await assertProjectedOnce(t, db, bus, last);
  await standby.proc.kill('SIGTERM');
});
