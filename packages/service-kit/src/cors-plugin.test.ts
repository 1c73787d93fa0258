import t from 'tap';
import type { Test } from 'tap';
import { createDb, migrateCore } from '@rcpx/db';
import { createLogger, createServiceApp } from './index.ts';
import { createTestDb } from './test-db.ts';

const tdb = await createTestDb();
t.teardown(() => tdb.drop());
await migrateCore(tdb.db);

const SITE = 'https://secretariat.example.org';
const OTHER = 'https://elsewhere.example.net';

async function build(t: Test, corsOrigins?: string[]) {
  const app = await createServiceApp({
    logger: createLogger({ LOG_LEVEL: 'silent' }),
    db: createDb(tdb.url, { max: 2 }),
    openapi: { title: 't', description: 't' },
    rateLimit: { max: 2 },
    ...(corsOrigins ? { corsOrigins } : {}),
  });
  app.get('/x', async (_req, reply) =>
    reply.header('etag', '"3"').header('rcpx-seq', '42').header('vary', 'authorization').send({}),
  );
  app.patch('/x', async () => ({ ok: true }));
  t.teardown(() => app.close());
  await app.ready();
  return app;
}

const preflight = (origin: string, method = 'PATCH') => ({
  method: 'OPTIONS' as const,
  url: '/x',
  headers: {
    origin,
    'access-control-request-method': method,
    'access-control-request-headers': 'authorization,content-type,if-match,idempotency-key',
  },
});

t.test('without RCPX_CORS_ORIGINS: no CORS headers, OPTIONS is a 404', async (t) => {
  const app = await build(t);
  const pre = await app.inject(preflight(SITE));
  t.equal(pre.statusCode, 404);
  t.notOk(pre.headers['access-control-allow-origin']);
  const get = await app.inject({ method: 'GET', url: '/x', headers: { origin: SITE } });
  t.equal(get.statusCode, 200);
  t.notOk(get.headers['access-control-allow-origin']);
});

t.test('an allowed origin: preflight and actual requests', async (t) => {
  const app = await build(t, [SITE, 'http://localhost:5173']);
  const pre = await app.inject(preflight(SITE));
  t.equal(pre.statusCode, 204);
  t.equal(pre.headers['access-control-allow-origin'], SITE);
  t.notOk(pre.headers['access-control-allow-credentials'], 'never credentials');
  t.match(pre.headers.vary, /origin/i);
  const methods = String(pre.headers['access-control-allow-methods']).split(/,\s*/);
  for (const m of ['GET', 'POST', 'PATCH', 'DELETE']) t.ok(methods.includes(m), `allows ${m}`);
  const allowed = String(pre.headers['access-control-allow-headers']).toLowerCase().split(/,\s*/);
  for (const h of ['authorization', 'content-type', 'if-match', 'idempotency-key', 'last-event-id'])
    t.ok(allowed.includes(h), `allows the ${h} request header`);
  t.ok(Number(pre.headers['access-control-max-age']) > 0);

  const get = await app.inject({ method: 'GET', url: '/x', headers: { origin: SITE } });
  t.equal(get.statusCode, 200);
  t.equal(get.headers['access-control-allow-origin'], SITE);
  t.match(get.headers.vary, /authorization/i, "the route's own Vary");
  t.match(get.headers.vary, /origin/i, 'and Origin, which the route would have replaced');
  const exposed = String(get.headers['access-control-expose-headers']).toLowerCase().split(/,\s*/);
  for (const h of ['etag', 'location', 'retry-after', 'rcpx-seq', 'link'])
    t.ok(exposed.includes(h), `exposes ${h}`);

  const other = await app.inject({
    method: 'GET',
    url: '/x',
    headers: { origin: 'http://localhost:5173' },
  });
  t.equal(other.headers['access-control-allow-origin'], 'http://localhost:5173');
});

t.test('errors carry the CORS headers too, so a browser can read the problem', async (t) => {
  const app = await build(t, [SITE]);
  const bad = await app.inject({
    method: 'GET',
    url: '/x',
    headers: { origin: SITE, authorization: 'Bearer not-a-token-anyone-has' },
  });
  t.equal(bad.statusCode, 401);
  t.equal(bad.headers['access-control-allow-origin'], SITE);
  const missing = await app.inject({ method: 'GET', url: '/nope', headers: { origin: SITE } });
  t.equal(missing.statusCode, 404);
  t.equal(missing.headers['access-control-allow-origin'], SITE);
  let limited;
  for (let i = 0; i < 5; i++)
    limited = await app.inject({ method: 'GET', url: '/x', headers: { origin: SITE } });
  t.equal(limited!.statusCode, 429);
  t.equal(limited!.headers['access-control-allow-origin'], SITE);
  t.ok(limited!.headers['retry-after']);
});

t.test('a refused origin gets no CORS headers; its preflight is a 404', async (t) => {
  const app = await build(t, [SITE]);
  const pre = await app.inject(preflight(OTHER));
  t.equal(pre.statusCode, 404);
  t.match(pre.headers['content-type'], /application\/problem\+json/);
  t.notOk(pre.headers['access-control-allow-origin']);
  t.notOk(pre.headers['access-control-allow-methods']);
  const get = await app.inject({ method: 'GET', url: '/x', headers: { origin: OTHER } });
  t.equal(get.statusCode, 200, 'the server still answers; the browser withholds the response');
  t.notOk(get.headers['access-control-allow-origin']);
  // a look-alike is not the allowed origin
  const lookalike = await app.inject({
    method: 'GET',
    url: '/x',
    headers: { origin: `${SITE}.evil.example` },
  });
  t.notOk(lookalike.headers['access-control-allow-origin']);
  // an OPTIONS that is no preflight (no Origin) is not found, as before
  t.equal((await app.inject({ method: 'OPTIONS', url: '/x' })).statusCode, 404);
});

t.test('* allows any origin, never with credentials', async (t) => {
  const app = await build(t, ['*']);
  const pre = await app.inject(preflight(OTHER, 'DELETE'));
  t.equal(pre.statusCode, 204);
  t.equal(pre.headers['access-control-allow-origin'], '*');
  t.notOk(pre.headers['access-control-allow-credentials']);
  const get = await app.inject({ method: 'GET', url: '/x', headers: { origin: OTHER } });
  t.equal(get.headers['access-control-allow-origin'], '*');
  t.notOk(get.headers['access-control-allow-credentials']);
});
