import t from 'tap';
import { createLogger } from '@rcpx/service-kit';
import { openTestDeps } from '@rcpx/testing';
import { buildApp } from './app.ts';
import { projectorMetrics } from './metrics.ts';
import { startProjector } from './projector.ts';
import { appendAll, generateLog } from './test-fixtures.ts';

const { db, bus } = await openTestDeps(t, { readModels: true });

t.test('healthz, readyz and the projector metrics', async (t) => {
  const metrics = projectorMetrics(db, 'rm');
  const app = await buildApp({
    config: { RCPX_READ_SCHEMA: 'rm' },
    db,
    bus,
    logger: createLogger({ LOG_LEVEL: 'silent' }),
    metrics,
  });
  const projector = startProjector({
    db,
    bus,
    onApplied: (r) => metrics.onApplied(r),
    onRoleChange: (role) => metrics.onRoleChange(role),
  });
  t.teardown(async () => {
    await projector.stop();
    await app.close(); // closes db and bus
  });
  await projector.caughtUp(await appendAll(bus, generateLog(40, 51)), 30_000);

  t.equal((await app.inject('/healthz')).statusCode, 200);
  const ready = await app.inject('/readyz');
  t.equal(ready.statusCode, 200);
  t.match(ready.json(), { checks: { postgres: 'ok', nats: 'ok' } });
  const text = (await app.inject('/metrics')).body;
  t.match(text, /rcpx_projector_checkpoint\{schema="rm"\} 40/);
  t.match(text, /rcpx_projector_events_applied_total 40/);
  t.match(text, /rcpx_projector_leader 1/);
});
