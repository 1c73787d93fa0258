import { randomBytes } from 'node:crypto';
import t from 'tap';
import { waitFor } from '@rcpx/testing';
import { createDb, hashToken, insertToken, migrateCore, revokeToken } from '@rcpx/db';
import {
  BaseConfig,
  authGuardOptions,
  authPlugin,
  createApp,
  createLogger,
  dbPlugin,
  loadConfig,
  requireAdmin,
  requirePublisher,
} from './index.ts';
import type { AuthGuardOptions } from './index.ts';
import { countedAuthApp } from './auth-test-app.ts';
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

/** An app on a db that counts its SELECTs (the token lookups), with `guard` options. */
const counted = (guard: AuthGuardOptions = {}) => countedAuthApp(t, tdb.db, ADMIN, guard);

t.test('failed authentications are limited per address, without hitting Postgres', async (t) => {
  // the default limit, over a window no loaded machine outlasts (the default minute could end
  // during the 2000 requests, and a new window admits 20 more)
  const { app, lookups } = await counted({ windowMs: 3_600_000 });
  const attacker = { remoteAddress: '203.0.113.7' };
  // 2000 random tokens, in waves of 200 concurrent requests.
  const answers: Awaited<ReturnType<typeof app.inject>>[] = [];
  for (let wave = 0; wave < 10; wave++) {
    answers.push(
      ...(await Promise.all(
        Array.from({ length: 200 }, () =>
          app.inject({
            url: '/whoami',
            headers: bearer(`rcpx_${randomBytes(32).toString('base64url')}`),
            ...attacker,
          }),
        ),
      )),
    );
  }
  const by = (code: number) => answers.filter((r) => r.statusCode === code);
  t.equal(by(401).length + by(429).length, 2000, 'every one refused');
  t.equal(by(401).length, 20, 'the default limit: 20 failures a window');
  t.ok(lookups() <= 20, `${lookups()} token lookups for 2000 bad tokens`);
  const limited = by(429)[0]!;
  t.match(limited.headers['content-type'], /^application\/problem\+json/);
  t.ok(Number(limited.headers['retry-after']) >= 1, 'Retry-After');
  t.match(limited.json(), { status: 429 });

  // Still limited for that address, even with a good token that is not cached…
  const fromThere = await app.inject({ url: '/whoami', headers: bearer(READER), ...attacker });
  t.equal(fromThere.statusCode, 429);
  // …while good tokens from other addresses are unaffected, concurrently too.
  const others = await Promise.all(
    Array.from({ length: 100 }, (_, i) =>
      app.inject({
        url: '/whoami',
        headers: bearer(i % 2 ? READER : PUBLISHER),
        remoteAddress: `198.51.100.${i}`,
      }),
    ),
  );
  t.ok(
    others.every((r) => r.statusCode === 200),
    'other addresses keep working',
  );
  const anonymous = await app.inject({ url: '/whoami', ...attacker });
  t.equal(anonymous.statusCode, 200, 'anonymous requests are not authentications');
});

t.test('a known-bad token costs one lookup; the limit is configurable', async (t) => {
  const opts = authGuardOptions(
    loadConfig(BaseConfig, { RCPX_AUTH_FAILURES: '5', RCPX_AUTH_BAD_TTL_MS: '600000' }),
  );
  t.match(opts, { maxFailures: 5, badTtlMs: 600_000, windowMs: 60_000, cacheSize: 10_000 });
  const { app, lookups } = await counted(opts);
  const codes: number[] = [];
  for (let i = 0; i < 8; i++) {
    const r = await app.inject({ url: '/whoami', headers: bearer('rcpx_same-bad-token') });
    codes.push(r.statusCode);
  }
  t.same(codes, [401, 401, 401, 401, 401, 429, 429, 429]);
  t.equal(lookups(), 1, 'the same bad token is looked up once');
  // A good token's successful lookups are never charged to its address.
  const good = await counted({ maxFailures: 3 });
  for (let i = 0; i < 10; i++) {
    const r = await good.app.inject({ url: '/whoami', headers: bearer(READER) });
    t.equal(r.statusCode, 200);
  }
});

t.test('a token unknown at first works once created', async (t) => {
  const TOKEN = `rcpx_${randomBytes(16).toString('hex')}`;
  const { app } = await counted({ badTtlMs: 300 });
  const before = await app.inject({ url: '/whoami', headers: bearer(TOKEN) });
  t.equal(before.statusCode, 401);
  await insertToken(tdb.db, { participant: 'igc', role: 'reader', hash: hashToken(TOKEN) });
  // Refused from the bad-hash cache only until its short TTL runs out.
  await waitFor(
    async () => (await app.inject({ url: '/whoami', headers: bearer(TOKEN) })).statusCode === 200,
    { timeoutMs: 10_000 },
  );
  t.pass('accepted after the TTL');
  // And at once when the creator says so.
  const OTHER = `rcpx_${randomBytes(16).toString('hex')}`;
  const second = await counted({ badTtlMs: 600_000 });
  t.equal((await second.app.inject({ url: '/whoami', headers: bearer(OTHER) })).statusCode, 401);
  await insertToken(tdb.db, { participant: 'igc', role: 'reader', hash: hashToken(OTHER) });
  second.app.authGuard.forget(hashToken(OTHER));
  t.equal((await second.app.inject({ url: '/whoami', headers: bearer(OTHER) })).statusCode, 200);
});

t.test('a revoked token is refused without locking its address out', async (t) => {
  const TOKEN = `rcpx_${randomBytes(16).toString('hex')}`;
  const row = await insertToken(tdb.db, {
    participant: 'puebla-process',
    role: 'publisher',
    hash: hashToken(TOKEN),
  });
  t.ok(await revokeToken(tdb.db, row.id));
  const office = { remoteAddress: '192.0.2.44' };
  const { app, lookups } = await counted({ maxFailures: 3 });
  // an integration still calling with it, 40 requests at once, then 10 more
  const answers = await Promise.all(
    Array.from({ length: 40 }, () =>
      app.inject({ url: '/whoami', headers: bearer(TOKEN), ...office }),
    ),
  );
  for (let i = 0; i < 10; i++) {
    answers.push(await app.inject({ url: '/whoami', headers: bearer(TOKEN), ...office }));
  }
  t.ok(
    answers.every((r) => r.statusCode === 401),
    'each refused 401, none 429',
  );
  t.ok(lookups() <= 2, `${lookups()} lookups for 50 requests (cached like a found token)`);
  // the other tokens of that address still work
  const other = await app.inject({ url: '/whoami', headers: bearer(READER), ...office });
  t.equal(other.statusCode, 200);
  // while guesses from it are still limited
  const guesses: number[] = [];
  for (let i = 0; i < 5; i++) {
    const r = await app.inject({
      url: '/whoami',
      headers: bearer(`rcpx_${randomBytes(16).toString('hex')}`),
      ...office,
    });
    guesses.push(r.statusCode);
  }
  t.same(guesses, [401, 401, 401, 429, 429]);
});
