import t from 'tap';
import { hashToken, insertToken, migrateCore } from '@rcpx/db';
import {
  authPlugin,
  createApp,
  createLogger,
  dbPlugin,
  opsPlugin,
  rateLimitPlugin,
} from './index.ts';
import { createTestDb } from './test-db.ts';

const tdb = await createTestDb();
t.teardown(() => tdb.drop());
await migrateCore(tdb.db);
const A = 'rcpx_rate-limit-a';
const B = 'rcpx_rate-limit-b';
await insertToken(tdb.db, { participant: 'apc', role: 'publisher', hash: hashToken(A) });
await insertToken(tdb.db, { participant: 'midsa', role: 'publisher', hash: hashToken(B) });

t.test('429 problem with Retry-After, keyed by token, then by IP', async (t) => {
  const app = createApp({ logger: createLogger({ LOG_LEVEL: 'silent' }) });
  await app.register(dbPlugin, { db: tdb.db, close: false });
  await app.register(authPlugin, { adminToken: 'the-admin-token-of-this-test' });
  await app.register(opsPlugin, {});
  await app.register(rateLimitPlugin, { max: 3, anonymousMax: 2, timeWindowMs: 60_000 });
  app.get('/x', async () => ({ ok: true }));
  t.teardown(() => app.close());
  await app.ready();

  const get = (headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url: '/x', headers });
  for (let i = 0; i < 3; i++)
    t.equal((await get({ authorization: `Bearer ${A}` })).statusCode, 200);
  const limited = await get({ authorization: `Bearer ${A}` });
  t.equal(limited.statusCode, 429);
  t.match(limited.headers['content-type'], /^application\/problem\+json/);
  t.match(limited.json(), { status: 429, title: 'Too Many Requests', instance: '/x' });
  t.ok(Number(limited.headers['retry-after']) > 0);

  // another token has its own budget
  t.equal((await get({ authorization: `Bearer ${B}` })).statusCode, 200);
  // anonymous callers are limited per IP
  t.equal((await get()).statusCode, 200);
  t.equal((await get()).statusCode, 200);
  t.equal((await get()).statusCode, 429);
  // the admin token and the ops routes are exempt
  for (let i = 0; i < 5; i++) {
    t.equal((await get({ authorization: 'Bearer the-admin-token-of-this-test' })).statusCode, 200);
    t.equal((await app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
  }
});
