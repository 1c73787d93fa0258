import { test } from 'tap';
import type { LightMyRequestResponse } from 'fastify';
import { mintToken, waitFor } from '@rcpx/testing';
import { byCookie, signIn as signInAs, type BrowserSession } from './session-support.ts';
import { startTestExchange } from './test-exchange.ts';

// Sessions under a crowd: many browsers signing in with one token at once, signing out at once
// (twice over), and the token revoked while its sessions are busy reading and writing. Every
// session of that token ends (reads as anonymous, 401 on writes), the sessions of other tokens
// go on, and nothing answers 5xx.

const ADMIN = 'session-crowd-admin';
const SIGN_INS = 40;
const practice = { title: { en: 'Crowd practice' }, themes: ['trafficking'] };

type Session = BrowserSession;

test('one token, many sessions: concurrent sign-ins, sign-outs, revocation in use', async (t) => {
  const { app, db } = await startTestExchange(t, {
    admin: ADMIN,
    webhooks: false,
    env: { RCPX_RATE_LIMIT: '0' },
  });
  const statuses: { what: string; status: number }[] = [];
  const seen = (what: string) => (res: LightMyRequestResponse) => {
    statuses.push({ what, status: res.statusCode });
    return res;
  };
  // a sign-in that is not 204 throws
  const signIn = (token: string) =>
    signInAs(app, token).then((s) => {
      statuses.push({ what: 'sign-in', status: 204 });
      return s;
    });
  const who = (s: Session) =>
    app.inject({ url: '/v1/session', headers: { cookie: s.cookie } }).then(seen('who'));
  const write = (s: Session) =>
    byCookie(app, s, 'POST', '/v1/practices', practice).then(seen('write'));
  const signOut = (s: Session) => byCookie(app, s, 'DELETE', '/v1/session').then(seen('sign-out'));

  const shared = await mintToken(db, 'bali-process', 'publisher');
  const others = await Promise.all(
    ['igc', 'iom', 'apc'].map((slug) => mintToken(db, slug, 'publisher')),
  );

  // many browsers sign in with the one token at once, beside the other tokens' browsers
  const [sessions, bystanders] = await Promise.all([
    Promise.all(Array.from({ length: SIGN_INS }, () => signIn(shared.token))),
    Promise.all(others.flatMap((o) => [signIn(o.token), signIn(o.token)])),
  ]);
  t.equal(new Set(sessions.map((s) => s.cookie)).size, SIGN_INS, 'each sign-in its own session');
  const whoAll = await Promise.all(sessions.map(who));
  t.ok(
    whoAll.every((r) => r.statusCode === 200 && r.json().participant === 'bali-process'),
    'every session is bali-process',
  );

  // a quarter signs out, each twice at once, while the rest read and write
  const leaving = sessions.slice(0, SIGN_INS / 4);
  const staying = sessions.slice(SIGN_INS / 4);
  const [outs, busy] = await Promise.all([
    Promise.all(leaving.flatMap((s) => [signOut(s), signOut(s)])),
    Promise.all(staying.flatMap((s) => [who(s), write(s)])),
  ]);
  t.ok(
    outs.every((r) => r.statusCode === 204),
    'sign-outs: 204, the second one too',
  );
  t.ok(
    busy.every((r) => r.statusCode === 200 || r.statusCode === 201),
    'the others read and write meanwhile',
  );
  const afterOut = await Promise.all(leaving.map(who));
  t.ok(
    afterOut.every((r) => r.statusCode === 401),
    'a signed-out session is gone',
  );

  // the token is revoked while its sessions keep reading and writing: each loop runs until its
  // session reads as anonymous
  let revoked = false;
  let stop = false;
  let done = 0;
  t.teardown(() => {
    stop = true;
  });
  const loops = staying.map(async (s) => {
    while (!stop) {
      const [r, w] = await Promise.all([who(s), write(s)]);
      if (revoked && r.statusCode === 401 && w.statusCode === 401) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    done += 1;
  });
  const revoke = await app.inject({
    method: 'DELETE',
    url: `/v1/admin/tokens/${shared.id}`,
    headers: { authorization: `Bearer ${ADMIN}` },
  });
  t.equal(revoke.statusCode, 204, 'revoked');
  revoked = true;
  await waitFor(() => done === staying.length, {
    timeoutMs: 30_000,
    message: 'the sessions of a revoked token did not end',
  });
  await Promise.all(loops);

  const ended = await Promise.all(staying.map(who));
  t.ok(
    ended.every((r) => r.statusCode === 401),
    'every session of the revoked token has ended',
  );
  const cleared = ended.filter((r) => /rcpx_session=;/.test(String(r.headers['set-cookie'])));
  t.equal(cleared.length, staying.length, 'and each browser is told to forget its cookie');
  const writes = await Promise.all(staying.map(write));
  t.ok(
    writes.every((r) => r.statusCode === 401),
    'writes with them: 401',
  );
  const again = await app.inject({
    method: 'POST',
    url: '/v1/session',
    payload: { token: shared.token },
  });
  t.equal(again.statusCode, 401, 'the revoked token signs in no more');

  // the other tokens' sessions are untouched
  const theirs = await Promise.all(bystanders.flatMap((s) => [who(s), write(s)]));
  t.ok(
    theirs.every((r) => r.statusCode === 200 || r.statusCode === 201),
    'sessions of other tokens unaffected',
  );
  // the stale cookies were no failed authentications: this address is not limited
  const bearer = await app.inject({
    url: '/v1/themes',
    headers: { authorization: `Bearer ${others[0]!.token}` },
  });
  t.equal(bearer.statusCode, 200, 'a bearer token from the same address: not 429');
  const expected = new Set([200, 201, 204, 401]);
  const odd = statuses.filter((s) => !expected.has(s.status));
  t.same(odd, [], 'no 5xx (nor anything else) along the way');
  t.ok(statuses.length > SIGN_INS * 4, `${statuses.length} requests`);
});
