import t from 'tap';
import { readModelsCheckpoint } from '@rcpx/db';
import { openTestDeps, waitFor } from '@rcpx/testing';
import { appendAll, generateLog } from './test-fixtures.ts';
import { assertProjectedOnce, spawnProjector, waitForCatchUp } from './test-processes.ts';

// Crash safety: the projector process is SIGKILLed in the middle of the log, restarted, and
// must end with exactly the read models a clean replay of the log builds.

const { env, db, bus } = await openTestDeps(t);

const start = () => spawnProjector(env);

const checkpoint = () => readModelsCheckpoint(db, 'rm').catch(() => 0);

t.test('SIGKILL mid-stream, restart, catch up: equal to a clean rebuild', async (t) => {
  let child = start();
  t.teardown(() => child.kill('SIGKILL'));
  // leading once its durable consumer exists
  await waitFor(() => bus.jsm.consumers.info(bus.stream, 'projector'), { timeoutMs: 30_000 });

  const log = generateLog(5000, 21);
  await appendAll(bus, log.slice(0, 2500));
  // killed while applying the first half (mid-batch, most likely), the second half still to come
  await waitFor(async () => (await checkpoint()) >= 1000, { timeoutMs: 60_000, intervalMs: 2 });
  const killed = await child.kill('SIGKILL');
  t.equal(killed.signal, 'SIGKILL');
  const atKill = await checkpoint();
  const last = await appendAll(bus, log.slice(2500));
  t.ok(atKill > 0 && atKill < last, `killed mid-stream (at ${atKill} of ${last})`);

  child = start();
  await waitForCatchUp(t, child, checkpoint, last);
  t.equal(last, 5000);

  await assertProjectedOnce(t, db, bus, last);
  await child.kill('SIGTERM');
});
