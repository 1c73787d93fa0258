import { test } from 'tap';
import { appendPracticeEvent, waitFor } from '@rcpx/testing';
import { harness, startReceiver, startWebhooks, tokenFor } from './test-support.ts';

const SHARED = 'org.rcpx.practice.shared';
const WITHDRAWN = 'org.rcpx.practice.withdrawn';

test('a subscription takes the list filters: themes, participants, types, countries', async (t) => {
  const deps = await harness(t);
  const { db, bus } = deps;
  const { app } = await startWebhooks(t, deps, {
    RCPX_WEBHOOK_BACKOFF_MS: 20,
    RCPX_WEBHOOK_POLL_MS: 20,
  });
  const receiver = await startReceiver(t);
  const auth = { authorization: `Bearer ${await tokenFor(db, 'bali-process')}` };
  const post = (payload: object) =>
    app.inject({ method: 'POST', url: '/v1/subscriptions', headers: auth, payload });

  t.test('bad filters are 400s', async (t) => {
    for (const payload of [
      { url: receiver.url, types: ['org.rcpx.request.opened'] },
      { url: receiver.url, countries: ['fr'] },
      { url: receiver.url, themes: ['nope'] },
      { url: receiver.url, theme: 'trafficking' },
    ]) {
      const res = await post(payload);
      t.equal(res.statusCode, 400, JSON.stringify(payload));
      t.match(res.headers['content-type'], /application\/problem\+json/);
    }
  });

  const created = await post({
    url: receiver.url,
    themes: ['trafficking', 'asylum'],
    types: [SHARED],
    countries: ['FR', 'ES'],
  });
  t.equal(created.statusCode, 201, created.body);
  const sub = created.json();
  t.same(sub.countries, ['FR', 'ES']);

  const put = (
    themes: string[],
    countries: string[] | undefined,
    extra: { type?: string; participant?: string; visibility?: object } = {},
  ) =>
    appendPracticeEvent(bus, {
      participant: extra.participant ?? 'iom',
      ...(extra.type ? { type: extra.type } : {}),
      data: {
        title: { en: `on ${themes.join(', ')}` },
        themes,
        visibility: extra.visibility ?? { level: 'public' },
        ...(countries ? { countries } : {}),
      },
    });
  const wanted = [(await put(['trafficking'], ['FR', 'MA'])).id];
  await put(['trafficking'], undefined); // no country
  await put(['health'], ['FR']); // other theme
  wanted.push((await put(['asylum', 'health'], ['ES'])).id);
  await put(['trafficking'], ['FR'], { type: WITHDRAWN }); // other type
  await put(['trafficking'], ['FR'], { participant: 'igc', visibility: { level: 'members' } });
  await put(['trafficking'], ['LK']); // other country
  wanted.push((await put(['trafficking'], ['ES'])).id); // the last one: a barrier

  await waitFor(() => receiver.received.length >= wanted.length, {
    timeoutMs: 30_000,
    message: 'the matching events delivered',
  });
  // delivered in order: the last arrived, so every earlier match has
  t.same(
    receiver.received.map((r) => (JSON.parse(r.body) as { id: string }).id),
    wanted,
    'exactly the events passing every filter (OR within, AND across lists)',
  );

  const patched = await app.inject({
    method: 'PATCH',
    url: `/v1/subscriptions/${sub.id}`,
    headers: auth,
    payload: { countries: [], participants: ['unhcr'] },
  });
  t.equal(patched.statusCode, 200, patched.body);
  t.match(patched.json(), {
    countries: [],
    participants: ['unhcr'],
    themes: ['trafficking', 'asylum'],
  });
  const read = await app.inject({ url: `/v1/subscriptions/${sub.id}`, headers: auth });
  t.same(read.json().countries, []);
  await put(['trafficking'], ['FR']); // iom: not unhcr any more
  const last = await put(['trafficking'], undefined, { participant: 'unhcr' });
  await waitFor(() => receiver.received.length >= wanted.length + 1, { timeoutMs: 30_000 });
  t.equal(JSON.parse(receiver.received.at(-1)!.body).id, last.id);
  t.equal(receiver.received.length, wanted.length + 1);
});
