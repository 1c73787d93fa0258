import t from 'tap';
import { readModelsCheckpoint } from '@rcpx/db';
import {
  openTestDeps,
  serviceEnv,
  spawnService,
  waitFor,
  type ServiceProcess,
} from '@rcpx/testing';
import { rebuildReadModels } from './rebuild.ts';
import { appendAll, generateLog } from './test-fixtures.ts';
import { countRows, countsDrift, schemaDiff, searchDrift } from './test-support.ts';

// Crash safety: the projector process is SIGKILLed in the middle of the log, restarted, and
// must end with exactly the read models a clean replay of the log builds.

const { env, db, bus } = await openTestDeps(t);

const childEnv = {
  ...serviceEnv(env),
  PORT: '0',
  LOG_LEVEL: 'warn',
};
const start = (): ServiceProcess =>
  spawnService('services/projector/src/main.ts', childEnv, { onLine: () => {} });

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
  await waitFor(async () => (await checkpoint()) === last, {
    timeoutMs: 120_000,
    message: `projector did not catch up to ${last}`,
  }).catch((err: unknown) => {
    t.comment(child.output());
    throw err;
  });
  t.equal(last, 5000);

  t.equal(await countRows(db, 'rm', 'events'), last, 'every event mirrored exactly once');
  t.equal(await searchDrift(db, 'rm'), 0, 'every item searchable, with its last title');
  t.equal(await countsDrift(db, 'rm'), 0, 'counts agree with the items');

  const rebuilt = await rebuildReadModels({ db, bus, schema: 'rm_check' });
  t.equal(rebuilt.checkpoint, last);
  t.same(
    await schemaDiff(db, 'rm', 'rm_check'),
    { checkpoint: 0, items: 0, item_search: 0, events: 0, counts: 0 },
    'the restarted projector built exactly what a clean replay builds',
  );
  await child.kill('SIGTERM');
});
