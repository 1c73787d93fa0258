import t from 'tap';
import { connectBus } from '@rcpx/bus';
import { createDb } from '@rcpx/db';
import {
  busPlugin,
  checkBus,
  checkDb,
  createApp,
  createLogger,
  dbPlugin,
  opsPlugin,
} from './index.ts';
import { createTestDb } from './test-db.ts';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const tdb = await createTestDb();
t.teardown(() => tdb.drop());

t.test('fastify.db / fastify.bus are decorated, checked and closed with the app', async (t) => {
  const db = createDb(tdb.url, { max: 2 });
  const bus = await connectBus({ url: NATS_URL, name: 'service-kit-test' });
  const app = createApp({ logger: createLogger({ LOG_LEVEL: 'silent' }) });
  await app.register(dbPlugin, { db });
  await app.register(busPlugin, { bus });
  await app.register(opsPlugin, { checks: { postgres: checkDb(db), nats: checkBus(bus) } });
  await app.ready();
  t.equal(app.db, db);
  t.equal(app.bus, bus);
  const ready = await app.inject({ method: 'GET', url: '/readyz' });
  t.equal(ready.statusCode, 200);
  t.same(ready.json().checks, { postgres: 'ok', nats: 'ok' });

  await app.close();
  t.ok(bus.nc.isClosed(), 'the bus is closed with the app');
  await t.rejects(checkBus(bus)(), 'a closed bus is not ready');
  await t.rejects(checkDb(db)(), 'the pool is destroyed with the app');
});
