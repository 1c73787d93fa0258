import { test } from 'tap';
import { harness, startWebhooks, tokenFor } from './test-support.ts';
import { subscribe } from './test-subscriptions.ts';

// Client strings Postgres cannot store (NUL, lone surrogates) → 400 problem+json, never a 500.
test('NUL or a lone surrogate in a subscription → 400, nothing stored', async (t) => {
  const deps = await harness(t);
  const { app } = await startWebhooks(t, deps);
  const auth = {
    authorization: `Bearer ${await tokenFor(deps.db, 'lima-process')}`,
    'content-type': 'application/json',
  };
  const created = await app.inject({
    method: 'POST',
    url: '/v1/subscriptions',
    headers: auth,
    payload: '{"url":"http://127.0.0.1:9/hook","description":"a\\u0000b"}',
  });
  t.equal(created.statusCode, 400, created.body);
  t.match(created.headers['content-type'], /^application\/problem\+json/);
  t.match(created.json(), { errors: [{ path: 'body.description', message: /NUL/ }] });

  const sub = await subscribe(app, auth, { url: 'http://127.0.0.1:9/hook' });
  const patched = await app.inject({
    method: 'PATCH',
    url: `/v1/subscriptions/${sub.id}`,
    headers: auth,
    payload: '{"description":"\\ud800"}',
  });
  t.equal(patched.statusCode, 400);
  t.match(patched.json(), { errors: [{ path: 'body.description', message: /surrogate/ }] });

  for (const url of [
    `/v1/subscriptions/${sub.id}/deliveries?cursor=%00`,
    '/v1/subscriptions/%00',
    `/v1/subscriptions/${sub.id}/deliveries/%00`,
  ]) {
    const r = await app.inject({ url, headers: auth });
    t.equal(r.statusCode, 400, url);
    t.match(r.headers['content-type'], /^application\/problem\+json/);
  }
  // a client that sends Content-Type: application/json on every request, bodiless ones too
  const rotated = await app.inject({
    method: 'POST',
    url: `/v1/subscriptions/${sub.id}/rotate-secret`,
    headers: auth,
  });
  t.equal(rotated.statusCode, 200, rotated.body);
  const list = await app.inject({ url: '/v1/subscriptions', headers: auth });
  t.equal(list.json().items.length, 1, 'only the valid subscription was stored');
});
