import t from 'tap';
import { createDb, hashToken, insertToken, migrateCore, revokeToken } from '@rcpx/db';
import {
  authPlugin,
  createApp,
  createLogger,
  dbPlugin,
  requireAdmin,
  requirePublisher,
} from './index.ts';
import { createTestDb } from './test-db.ts';

const ADMIN = 'admin-token-for-tests-0123456789';
const tdb = await createTestDb();
t.teardown(() => tdb.drop());
await migrateCore(tdb.db);

const PUBLISHER = 'rcpx_publisher-token-bali';
const READER = 'rcpx_reader-token-iom';
const pub = await insertToken(tdb.db, {
  participant: 'bali-process',
  role: 'publisher',
  hash: hashToken(PUBLISHER),
});
await insertToken(tdb.db, { participant: 'iom', role: 'reader', hash: hashToken(READER) });

async function build(cacheTtlMs?: number) {
  const app = createApp({ logger: createLogger({ LOG_LEVEL: 'silent' }) });
  await app.register(dbPlugin, { db: tdb.db, close: false });
  await app.register(authPlugin, {
    adminToken: ADMIN,
    ...(cacheTtlMs !== undefined ? { cacheTtlMs } : {}),
  });
  app.get('/whoami', async (req) => req.reader);
  app.post('/publish', async (req) => ({ participant: requirePublisher(req) }));
  app.get('/admin', async (req) => {
    requireAdmin(req);
    return { ok: true };
  });
  t.teardown(() => app.close());
  await app.ready();
  return app;
}

const bearer = (tok: string) => ({ authorization: `Bearer ${tok}` });

t.test('no token → anonymous; anonymous cannot publish or administer', async (t) => {
  const app = await build();
  const res = await app.inject({ method: 'GET', url: '/whoami' });
  t.same(res.json(), { kind: 'anonymous' });
  const p = await app.inject({ method: 'POST', url: '/publish' });
  t.equal(p.statusCode, 401);
  t.equal(p.headers['www-authenticate'], 'Bearer');
  t.match(p.headers['content-type'], /^application\/problem\+json/);
  const a = await app.inject({ method: 'GET', url: '/admin' });
  t.equal(a.statusCode, 401);
});

t.test('admin token (header, or access_token on GET)', async (t) => {
  const app = await build();
  const res = await app.inject({ method: 'GET', url: '/whoami', headers: bearer(ADMIN) });
  t.same(res.json(), { kind: 'admin' });
  const q = await app.inject({ method: 'GET', url: `/whoami?access_token=${ADMIN}` });
  t.same(q.json(), { kind: 'admin' });
  const a = await app.inject({ method: 'GET', url: '/admin', headers: bearer(ADMIN) });
  t.equal(a.statusCode, 200);
  // admin has no participant: it cannot publish
  const p = await app.inject({ method: 'POST', url: '/publish', headers: bearer(ADMIN) });
  t.equal(p.statusCode, 403);
  // the query parameter only counts for GET
  const pq = await app.inject({ method: 'POST', url: `/publish?access_token=${PUBLISHER}` });
  t.equal(pq.statusCode, 401);
});

t.test('participant tokens from the tokens table', async (t) => {
  const app = await build();
  const res = await app.inject({ method: 'GET', url: '/whoami', headers: bearer(PUBLISHER) });
  t.same(res.json(), {
    kind: 'participant',
    participant: 'bali-process',
    role: 'publisher',
    tokenId: pub.id,
  });
  const p = await app.inject({ method: 'POST', url: '/publish', headers: bearer(PUBLISHER) });
  t.equal(p.statusCode, 200);
  t.same(p.json(), { participant: 'bali-process' });
  const q = await app.inject({ method: 'GET', url: `/whoami?access_token=${READER}` });
  t.match(q.json(), { kind: 'participant', participant: 'iom', role: 'reader' });
  const r = await app.inject({ method: 'POST', url: '/publish', headers: bearer(READER) });
  t.equal(r.statusCode, 403);
  const a = await app.inject({ method: 'GET', url: '/admin', headers: bearer(PUBLISHER) });
  t.equal(a.statusCode, 403);
});

t.test('unknown or malformed tokens → 401 with WWW-Authenticate: Bearer', async (t) => {
  const app = await build();
  for (const headers of [bearer('nope'), { authorization: 'Basic dXNlcjpwYXNz' }]) {
    const res = await app.inject({ method: 'GET', url: '/whoami', headers });
    t.equal(res.statusCode, 401);
    t.match(res.headers['www-authenticate'], /^Bearer\b/);
    t.match(res.json(), { status: 401, title: 'Unauthorized' });
  }
  const q = await app.inject({ method: 'GET', url: '/whoami?access_token=nope' });
  t.equal(q.statusCode, 401);
});

t.test('a revoked token → 401 once the cache entry expires', async (t) => {
  const TOKEN = 'rcpx_to-be-revoked';
  const row = await insertToken(tdb.db, {
    participant: 'colombo-process',
    role: 'publisher',
    hash: hashToken(TOKEN),
  });
  const app = await build(0);
  const before = await app.inject({ method: 'POST', url: '/publish', headers: bearer(TOKEN) });
  t.equal(before.statusCode, 200);
  t.ok(await revokeToken(tdb.db, row.id));
  const after = await app.inject({ method: 'POST', url: '/publish', headers: bearer(TOKEN) });
  t.equal(after.statusCode, 401);
  t.match(after.headers['www-authenticate'], /^Bearer/);
});

t.test('token lookups fail with 503 while Postgres is down', async (t) => {
  const down = createDb('postgres://postgres@127.0.0.1:1/none', { max: 1 });
  const app = createApp({ logger: createLogger({ LOG_LEVEL: 'silent' }) });
  await app.register(dbPlugin, { db: down });
  await app.register(authPlugin, { adminToken: ADMIN });
  app.get('/whoami', async (req) => req.reader);
  const res = await app.inject({ method: 'GET', url: '/whoami', headers: bearer(PUBLISHER) });
  t.equal(res.statusCode, 503);
  t.equal(res.headers['retry-after'], '2');
  // admin and anonymous need no lookup
  const a = await app.inject({ method: 'GET', url: '/whoami', headers: bearer(ADMIN) });
  t.equal(a.statusCode, 200);
  await app.close(); // destroys `down` (dbPlugin closes its pool)
});
