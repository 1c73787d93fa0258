import t from 'tap';
import { createDb } from '@rcpx/db';
import { checkDb, createApp, createLogger, opsPlugin } from './index.ts';
import { createTestDb } from './test-db.ts';

const tdb = await createTestDb();
t.teardown(() => tdb.drop());

async function build(checks: Parameters<typeof opsPlugin>[1]['checks']) {
  const app = createApp({ logger: createLogger({ LOG_LEVEL: 'silent' }) });
  await app.register(opsPlugin, { checks });
  app.get('/things/:id', async () => ({ ok: true }));
  t.teardown(() => app.close());
  await app.ready();
  return app;
}

t.test('/healthz answers while the process runs', async (t) => {
  const app = await build({});
  const res = await app.inject({ method: 'GET', url: '/healthz' });
  t.equal(res.statusCode, 200);
  t.same(res.json(), { status: 'ok' });
});

t.test('/readyz is 200 when every check passes', async (t) => {
  const app = await build({ postgres: checkDb(tdb.db), other: async () => {} });
  const res = await app.inject({ method: 'GET', url: '/readyz' });
  t.equal(res.statusCode, 200);
  t.same(res.json(), { status: 'ok', checks: { postgres: 'ok', other: 'ok' } });
});

t.test('/readyz is 503 naming the failing dependency', async (t) => {
  const down = createDb('postgres://postgres@127.0.0.1:1/none', { max: 1 });
  t.teardown(() => down.destroy());
  const app = await build({
    postgres: checkDb(tdb.db),
    nats: checkDb(down),
    hangs: () => new Promise<void>(() => {}),
  });
  const res = await app.inject({ method: 'GET', url: '/readyz' });
  t.equal(res.statusCode, 503);
  t.equal(res.headers['retry-after'], '2');
  t.match(res.headers['content-type'], /^application\/problem\+json/);
  const body = res.json();
  t.match(body, { status: 503, title: 'Service Unavailable', instance: '/readyz' });
  t.match(body.detail, /nats/);
  t.match(body.detail, /hangs/);
  t.notMatch(body.detail, /postgres/);
  t.same(body.checks, { postgres: 'ok', nats: 'unavailable', hangs: 'unavailable' });
});

t.test('/metrics serves Prometheus text with default and HTTP metrics', async (t) => {
  const app = await build({});
  await app.inject({ method: 'GET', url: '/things/42' });
  await app.inject({ method: 'GET', url: '/things/43' });
  await app.inject({ method: 'GET', url: '/missing' });
  const res = await app.inject({ method: 'GET', url: '/metrics' });
  t.equal(res.statusCode, 200);
  t.match(res.headers['content-type'], /^text\/plain/);
  t.match(res.body, /# TYPE http_request_duration_seconds histogram/);
  t.match(
    res.body,
    /http_request_duration_seconds_count\{route="\/things\/:id",method="GET",status="200"\} 2/,
  );
  t.match(
    res.body,
    /http_request_duration_seconds_count\{route="unmatched",method="GET",status="404"\} 1/,
  );
  t.match(res.body, /process_cpu_user_seconds_total/);
  t.match(res.body, /nodejs_eventloop_lag_seconds/);
});

t.test('each app has its own registry (many apps in one process)', async (t) => {
  const a = await build({});
  const b = await build({});
  t.not(a.metrics, b.metrics);
  await a.inject({ method: 'GET', url: '/things/1' });
  const res = await b.inject({ method: 'GET', url: '/metrics' });
  t.notMatch(res.body, /route="\/things\/:id"/);
});
