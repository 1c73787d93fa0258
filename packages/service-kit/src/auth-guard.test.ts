import { randomBytes } from 'node:crypto';
import t from 'tap';
import { hashToken, insertToken, migrateCore } from '@rcpx/db';
import type { AuthGuardOptions } from './index.ts';
import { countedAuthApp } from './auth-test-app.ts';
import { createTestDb } from './test-db.ts';

// The failed-authentication limit counts failures only: a crowd of good, never-seen tokens from
// one address all get in, however many at once; a crowd of bad ones is stopped at the limit.

const tdb = await createTestDb();
t.teardown(() => tdb.drop());
await migrateCore(tdb.db);

const randomToken = () => `rcpx_${randomBytes(32).toString('base64url')}`;
const bearer = (tok: string) => ({ authorization: `Bearer ${tok}` });

const build = (guard: AuthGuardOptions = {}) =>
  countedAuthApp(t, tdb.db, 'auth-guard-test-admin', guard);

/** `n` tokens just created (never looked up), of as many participants' tokens rows. */
async function freshTokens(n: number): Promise<string[]> {
  const tokens = Array.from({ length: n }, randomToken);
  await Promise.all(
    tokens.map((token, i) =>
      insertToken(tdb.db, {
        participant: i % 2 ? 'iom' : 'bali-process',
        role: 'publisher',
        hash: hashToken(token),
      }),
    ),
  );
  return tokens;
}

const whoami = (app: Awaited<ReturnType<typeof build>>['app'], token: string, ip: string) =>
  app.inject({ url: '/whoami', headers: bearer(token), remoteAddress: ip });

t.test('50 freshly created tokens at once from one address: all in', async (t) => {
  const { app, lookups } = await build({ windowMs: 3_600_000 }); // the default limit, 20
  const tokens = await freshTokens(50);
  const answers = await Promise.all(tokens.map((tok) => whoami(app, tok, '192.0.2.10')));
  t.same(
    answers.map((r) => r.statusCode),
    tokens.map(() => 200),
    'no 429: a lookup that finds its token is no failure',
  );
  t.equal(lookups(), 50, 'each looked up once');
  // three crowds in a row, each of new tokens, still all in
  for (let round = 0; round < 3; round++) {
    const more = await freshTokens(50);
    const codes = await Promise.all(more.map((tok) => whoami(app, tok, '192.0.2.10')));
    t.ok(
      codes.every((r) => r.statusCode === 200),
      `round ${round}: all 200`,
    );
  }
});

t.test('50 bad tokens at once from one address: 20 refused, then 429', async (t) => {
  const { app, lookups } = await build({ windowMs: 3_600_000 });
  const answers = await Promise.all(
    Array.from({ length: 50 }, () => whoami(app, randomToken(), '192.0.2.20')),
  );
  const count = (code: number) => answers.filter((r) => r.statusCode === code).length;
  t.equal(count(401), 20, 'the limit: 20 failures');
  t.equal(count(429), 30, 'the rest: too many');
  t.ok(lookups() <= 20, `${lookups()} lookups for 50 bad tokens (never more than the limit)`);
  const limited = answers.find((r) => r.statusCode === 429)!;
  t.match(limited.json(), { status: 429, detail: /too many failed authentications/i });
  // good tokens from another address are unaffected, at once too
  const good = await freshTokens(30);
  const others = await Promise.all(good.map((tok) => whoami(app, tok, '192.0.2.21')));
  t.ok(
    others.every((r) => r.statusCode === 200),
    'another address keeps working',
  );
});

t.test('good and bad tokens mixed from one address: the good ones never count', async (t) => {
  const { app } = await build({ windowMs: 3_600_000, maxFailures: 10 });
  const good = await freshTokens(40);
  // 9 bad ones (under the limit) among 40 good ones, all at once
  const bad = Array.from({ length: 9 }, randomToken);
  const answers = await Promise.all([
    ...good.map((tok) => whoami(app, tok, '192.0.2.30').then((r) => ['good', r.statusCode])),
    ...bad.map((tok) => whoami(app, tok, '192.0.2.30').then((r) => ['bad', r.statusCode])),
  ]);
  t.same(
    answers.filter(([kind]) => kind === 'good').map(([, code]) => code),
    good.map(() => 200),
    'every good token in',
  );
  t.same(
    answers.filter(([kind]) => kind === 'bad').map(([, code]) => code),
    bad.map(() => 401),
    'every bad one refused, none limited yet',
  );
  // the 10th failure reaches the limit; after it, even a good token is refused from there
  t.equal((await whoami(app, randomToken(), '192.0.2.30')).statusCode, 401);
  const [late] = await freshTokens(1);
  t.equal((await whoami(app, late!, '192.0.2.30')).statusCode, 429);
});
