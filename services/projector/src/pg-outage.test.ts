import t from 'tap';
import { connectBus, ensureStream } from '@rcpx/bus';
import { createDb, migrateReadModels } from '@rcpx/db';
import { createTestEnv, startPostgres, waitFor } from '@rcpx/testing';
import { startProjector } from './projector.ts';
import { appendAll, generateLog } from './test-fixtures.ts';
import { countRows, countsDrift, searchDrift } from './test-support.ts';

// Postgres goes away under a running projector and comes back: the projector retries, skips
// nothing and needs no restart.

const env = await createTestEnv(t);
const server = await startPostgres();
const db = createDb(server.url, { max: 5 });
const bus = await connectBus({
  url: env.natsUrl,
  stream: env.stream,
  subjectPrefix: env.subjectPrefix,
});
t.teardown(async () => {
  await bus.close();
  await db.destroy();
  await server.dispose();
});
await ensureStream(bus);
await migrateReadModels(db, 'rm');

t.test('Postgres stopped and started again: caught up, nothing skipped', async (t) => {
  const warnings: string[] = [];
  const logger = {
    info() {},
    error() {},
    warn: (_o: object, msg?: string) => void warnings.push(msg ?? ''),
  };
  const projector = startProjector({ db, bus, logger });
  t.teardown(() => projector.stop());
  const log = generateLog(1500, 41);
  await projector.caughtUp(await appendAll(bus, log.slice(0, 500)), 60_000);

  const appending = appendAll(bus, log.slice(500), 4);
  await server.stop();
  const last = await appending;
  // down until the projector has met the outage (a fixed pause could end before it tried)
  await waitFor(() => warnings.length > 0, {
    timeoutMs: 60_000,
    message: 'the projector never met the outage',
  });
  t.pass('the outage was noticed');
  await server.restart();

  await projector.caughtUp(last, 90_000);
  t.equal(await countRows(db, 'rm', 'events'), last, 'every event once');
  t.equal(await searchDrift(db, 'rm'), 0, 'every item searchable');
  t.equal(await countsDrift(db, 'rm'), 0);
});
