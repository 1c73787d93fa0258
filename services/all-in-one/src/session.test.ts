import { test, type Test } from 'tap';
import { mintToken } from '@rcpx/testing';
import { byCookie, cookieOf, signIn } from './session-support.ts';
import { startTestExchange } from './test-exchange.ts';

// The browser session of the contract: POST /v1/session → an HttpOnly, SameSite=Strict cookie;
// cookie writes need the session's CSRF token; sign-out and revocation end it; bearer clients
// are unaffected.

const ADMIN = 'session-test-admin';
const practice = {
  title: { en: 'Labour migration information centre' },
  themes: ['labour-migration'],
  visibility: { level: 'members' },
};

async function harness(t: Test) {
  const { app, db } = await startTestExchange(t, { admin: ADMIN, webhooks: false });
  return { app, db };
}

test('sign in, read, write with the CSRF token, sign out', async (t) => {
  const { app, db } = await harness(t);
  const { token } = await mintToken(db, 'bali-process', 'publisher');
  const { line, cookie, csrf } = await signIn(app, token);
  t.match(line, /HttpOnly/i);
  t.match(line, /SameSite=Strict/i);
  t.match(line, /Path=\//);
  t.notMatch(line, /Secure/, 'not Secure over plain http');
  t.notOk(line.includes(token), 'the cookie is not the token');

  const who = await app.inject({ url: '/v1/session', headers: { cookie } });
  t.equal(who.statusCode, 200);
  t.match(who.json(), { participant: 'bali-process', role: 'publisher' });
  t.equal(who.headers['cache-control'], 'no-store');

  const noCsrf = await app.inject({
    method: 'POST',
    url: '/v1/practices',
    headers: { cookie },
    payload: practice,
  });
  t.equal(noCsrf.statusCode, 403, 'a cookie write without the CSRF token');
  t.match(noCsrf.json(), { detail: /X-CSRF-Token/ });
  const badCsrf = await app.inject({
    method: 'POST',
    url: '/v1/practices',
    headers: { cookie, 'x-csrf-token': 'forged' },
    payload: practice,
  });
  t.equal(badCsrf.statusCode, 403, 'a forged CSRF token');

  for (const header of [csrf, (who.json() as { csrfToken: string }).csrfToken]) {
    const ok = await app.inject({
      method: 'POST',
      url: '/v1/practices',
      headers: { cookie, 'x-csrf-token': header },
      payload: practice,
    });
    t.equal(ok.statusCode, 201, 'a cookie write with a CSRF token of the session');
    const id = (ok.json() as { id: string }).id;
    const event = await app.inject({
      url: `/v1/practices/${id}?minSeq=${ok.json().seq}`,
      headers: { cookie },
    });
    t.equal(event.statusCode, 200, 'the members-only practice reads back with the cookie');
    t.equal((event.json() as { participant: string }).participant, 'bali-process');
  }

  const out = await app.inject({
    method: 'DELETE',
    url: '/v1/session',
    headers: { cookie, 'x-csrf-token': csrf },
  });
  t.equal(out.statusCode, 204);
  t.match(cookieOf(out), /rcpx_session=;.*(Max-Age=0|Expires=Thu, 01 Jan 1970)/);
  const after = await app.inject({ url: '/v1/session', headers: { cookie } });
  t.equal(after.statusCode, 401, 'the session ended');
  const write = await app.inject({
    method: 'POST',
    url: '/v1/practices',
    headers: { cookie, 'x-csrf-token': csrf },
    payload: practice,
  });
  t.equal(write.statusCode, 401, 'an ended session reads as anonymous');
});

test('bad sign-ins, bearer clients unaffected, revocation ends sessions', async (t) => {
  const { app, db } = await harness(t);
  const bad = await app.inject({
    method: 'POST',
    url: '/v1/session',
    payload: { token: 'rcpx_nope' },
  });
  t.equal(bad.statusCode, 401);
  t.equal(bad.headers['set-cookie'], undefined, 'no cookie for a bad token');
  const invalid = await app.inject({ method: 'POST', url: '/v1/session', payload: {} });
  t.equal(invalid.statusCode, 400);

  const minted = await mintToken(db, 'colombo-process', 'reader');
  const { cookie, csrf } = await signIn(app, minted.token);
  // a bearer request carrying a stale/other cookie: the bearer token decides, no CSRF needed
  const publisher = await mintToken(db, 'iom', 'publisher');
  const bearer = await app.inject({
    method: 'POST',
    url: '/v1/practices',
    headers: { authorization: `Bearer ${publisher.token}`, cookie },
    payload: practice,
  });
  t.equal(bearer.statusCode, 201, 'bearer writes need no CSRF token');
  const reader = await app.inject({
    method: 'POST',
    url: '/v1/practices',
    headers: { cookie, 'x-csrf-token': csrf },
    payload: practice,
  });
  t.equal(reader.statusCode, 403, "a reader token's session may not publish");

  const revoke = await app.inject({
    method: 'DELETE',
    url: `/v1/admin/tokens/${minted.id}`,
    headers: { authorization: `Bearer ${ADMIN}` },
  });
  t.equal(revoke.statusCode, 204);
  await new Promise((r) => setTimeout(r, 2_100)); // the documented cache window
  const gone = await app.inject({ url: '/v1/session', headers: { cookie } });
  t.equal(gone.statusCode, 401, 'revoking the token ended its session');
  t.match(cookieOf(gone), /rcpx_session=;/, 'and the browser is told to forget the cookie');

  const admin = await signIn(app, ADMIN);
  const adminWho = await app.inject({ url: '/v1/session', headers: { cookie: admin.cookie } });
  t.match(adminWho.json(), { participant: null, role: 'admin' });
});

test('many browsers at once: each session is its own, CSRF tokens do not cross', async (t) => {
  const { app, db } = await harness(t);
  const slugs = ['igc', 'budapest-process', 'bali-process', 'apc', 'midsa', '5plus5', 'iom', 'ilo'];
  const sessions = await Promise.all(
    slugs.map(async (slug) => ({
      slug,
      ...(await signIn(app, (await mintToken(db, slug, 'publisher')).token)),
    })),
  );
  const results = await Promise.all(
    sessions.flatMap((s, i) => {
      const other = sessions[(i + 1) % sessions.length]!;
      return [
        app.inject({ url: '/v1/session', headers: { cookie: s.cookie } }).then((r) => ({
          kind: 'who',
          s,
          r,
        })),
        byCookie(app, s, 'POST', '/v1/practices', practice, other.csrf).then((r) => ({
          kind: 'crossed',
          s,
          r,
        })),
        byCookie(app, s, 'POST', '/v1/practices', practice).then((r) => ({ kind: 'own', s, r })),
      ];
    }),
  );
  for (const { kind, s, r } of results) {
    if (kind === 'who') t.equal((r.json() as { participant: string }).participant, s.slug);
    if (kind === 'crossed') t.equal(r.statusCode, 403, `${s.slug}: another session's CSRF token`);
    if (kind === 'own') t.equal(r.statusCode, 201, `${s.slug}: its own CSRF token`);
  }
});

test('signing in again with a live session cookie needs no CSRF token', async (t) => {
  const { app, db } = await harness(t);
  const first = await signIn(app, (await mintToken(db, 'bali-process', 'publisher')).token);
  const other = await mintToken(db, 'igc', 'publisher');
  const again = (payload: string, type = 'application/json') =>
    app.inject({
      method: 'POST',
      url: '/v1/session',
      headers: { cookie: first.cookie, 'content-type': type },
      payload,
    });

  // refused sign-ins leave the session as it was
  const bad = await again(JSON.stringify({ token: 'rcpx_nope' }));
  t.equal(bad.statusCode, 401, 'a bad token: 401, not a CSRF 403');
  t.equal(bad.headers['set-cookie'], undefined);
  const form = await again(`token=${other.token}`, 'application/x-www-form-urlencoded');
  t.equal(form.statusCode, 415, 'a form body (what a cross-site form sends) is refused');
  const plain = await again(JSON.stringify({ token: other.token }), 'text/plain');
  t.equal(plain.statusCode, 415, 'text/plain too');
  const still = await app.inject({ url: '/v1/session', headers: { cookie: first.cookie } });
  t.match(still.json(), { participant: 'bali-process' }, 'the first session is still there');

  const res = await again(JSON.stringify({ token: other.token }));
  t.equal(res.statusCode, 204, 'signed in again without X-CSRF-Token');
  const second = cookieOf(res).split(';')[0]!;
  t.not(second, first.cookie, 'a new cookie');
  const who = await app.inject({ url: '/v1/session', headers: { cookie: second } });
  t.match(who.json(), { participant: 'igc' });
  const old = await app.inject({ url: '/v1/session', headers: { cookie: first.cookie } });
  t.equal(old.statusCode, 401, 'the previous session ended');
  const write = await app.inject({
    method: 'POST',
    url: '/v1/practices',
    headers: { cookie: second, 'x-csrf-token': String(res.headers['x-csrf-token']) },
    payload: practice,
  });
  t.equal(write.statusCode, 201, 'and the new one writes with its CSRF token');
  const forged = await app.inject({
    method: 'POST',
    url: '/v1/practices',
    headers: { cookie: second },
    payload: practice,
  });
  t.equal(forged.statusCode, 403, 'other writes still need it');
});
