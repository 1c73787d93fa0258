import { test } from 'tap';
import { Webhook } from 'standardwebhooks';
import { lastSeq } from '@rcpx/bus';
import { startProjector } from '@rcpx/projector';
import { waitFor } from '@rcpx/testing';
import { appendPractice, harness, startReceiver, startWebhooks, tokenFor } from './test-support.ts';
import { subscribe } from './test-subscriptions.ts';

test('replay from a seq: matching, visible events again, in order, then live ones', async (t) => {
  const deps = await harness(t);
  const { db, bus } = deps;
  const projector = startProjector({ db, bus });
  t.teardown(() => projector.stop());
  const { app } = await startWebhooks(t, deps, { RCPX_WEBHOOK_POLL_MS: 20 });

  const wanted: string[] = [];
  const first = await appendPractice(bus, { participant: 'igc', themes: ['health'] });
  wanted.push(first.id);
  await appendPractice(bus, { participant: 'igc', themes: ['asylum'] }); // other theme
  await appendPractice(bus, {
    participant: 'igc',
    themes: ['health'],
    visibility: { level: 'members' },
  }); // igc's own: never to apc
  wanted.push(
    (
      await appendPractice(bus, {
        participant: 'igc',
        themes: ['health', 'gender'],
        visibility: { level: 'rcps', rcps: ['apc'] },
      })
    ).id,
  );
  wanted.push((await appendPractice(bus, { participant: 'apc', themes: ['health'] })).id);

  const receiver = await startReceiver(t);
  const auth = { authorization: `Bearer ${await tokenFor(db, 'apc')}` };
  const sub = await subscribe(app, auth, { url: receiver.url, themes: ['health'] });
  t.equal(sub.startSeq, await lastSeq(bus), 'starts at the end of the log');
  await projector.caughtUp(await lastSeq(bus), 20_000);

  const replay = await app.inject({
    method: 'POST',
    url: `/v1/subscriptions/${sub.id}/replay`,
    headers: auth,
    payload: { after: first.seq - 1 },
  });
  t.equal(replay.statusCode, 202, replay.body);
  t.match(replay.json(), { queued: 3, after: first.seq - 1 });

  const live = await appendPractice(bus, { participant: 'iom', themes: ['health'] });
  wanted.push(live.id);
  await waitFor(() => receiver.received.length >= 4, { timeoutMs: 15_000 });
  const wh = new Webhook(sub.secret);
  const got = receiver.received.map((r) => {
    wh.verify(r.body, r.headers as Record<string, string>);
    const e = JSON.parse(r.body);
    t.equal(typeof e.rcpxseq, 'number', 'replayed bodies carry rcpxseq');
    return e.id as string;
  });
  t.same(got, wanted, 'replayed in seq order, then the live event; nothing invisible');

  // The receiver has the 4th body a moment before its outcome is committed.
  const log = await waitFor(
    async () => {
      const r = (
        await app.inject({
          url: `/v1/subscriptions/${sub.id}/deliveries?status=delivered`,
          headers: auth,
        })
      ).json();
      return r.items.length >= 4 ? r : null;
    },
    { timeoutMs: 15_000 },
  );
  t.same(
    log.items.map((d: { origin: string }) => d.origin),
    ['log', 'replay', 'replay', 'replay'],
  );
  // no delivery is given up on: there is no `failed` status to ask for
  const failed = await app.inject({
    url: `/v1/subscriptions/${sub.id}/deliveries?status=failed`,
    headers: auth,
  });
  t.equal(failed.statusCode, 400, failed.body);
  t.match(failed.json(), { errors: [{ path: 'query.status' }] });

  const other = { authorization: `Bearer ${await tokenFor(db, 'igc')}` };
  const foreign = await app.inject({
    method: 'POST',
    url: `/v1/subscriptions/${sub.id}/replay`,
    headers: other,
    payload: { after: 0 },
  });
  t.equal(foreign.statusCode, 404);
  const bad = await app.inject({
    method: 'POST',
    url: `/v1/subscriptions/${sub.id}/replay`,
    headers: auth,
    payload: { after: -3 },
  });
  t.equal(bad.statusCode, 400);
});
