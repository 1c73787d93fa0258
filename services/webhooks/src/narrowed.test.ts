import { test } from 'tap';
import { rebuildReadModels, startProjector } from '@rcpx/projector';
import { appendPracticeEvent, waitFor } from '@rcpx/testing';
import type { App } from '@rcpx/service-kit';
import { harness, startReceiver, startWebhooks, tokenFor } from './test-support.ts';
import { subscribe } from './test-subscriptions.ts';

// docs/webhooks.md, "Narrowed items": a delivery still pending when its item is narrowed is
// judged, when it is sent, under the item's current audience (as `<rm>.events` serves it).

interface Delivery {
  seq: number;
  status: string;
  attempts: number;
  error: string | null;
}

const deliveries = async (app: App, headers: Record<string, string>, id: string) =>
  (await app.inject({ url: `/v1/subscriptions/${id}/deliveries?limit=100`, headers })).json()
    .items as Delivery[];

test('a delivery pending when its item is narrowed is skipped for a reader who lost it', async (t) => {
  const deps = await harness(t);
  const { db, bus } = deps;
  const projector = startProjector({ db, bus });
  t.teardown(() => projector.stop());
  const { app } = await startWebhooks(t, deps, {
    RCPX_WEBHOOK_BACKOFF_MS: 600_000, // after the first failure the retry is minutes away
    RCPX_WEBHOOK_BACKOFF_MAX_MS: 600_000,
    RCPX_WEBHOOK_POLL_MS: 20,
    RCPX_WEBHOOK_FAILURE_WINDOW_MS: 3_600_000,
  });
  let healthy = false;
  const answer = () => (healthy ? 200 : 503);
  const reader = await startReceiver(t, answer); // apc's endpoint
  const owner = await startReceiver(t, answer); // igc's own endpoint
  const apc = { authorization: `Bearer ${await tokenFor(db, 'apc')}` };
  const igc = { authorization: `Bearer ${await tokenFor(db, 'igc', 'publisher')}` };
  const theirs = (await subscribe(app, apc, { url: reader.url })).id as string;
  const mine = (await subscribe(app, igc, { url: owner.url })).id as string;

  const data = { title: { en: 'Screening list published by mistake' }, themes: ['trafficking'] };
  const shared = await appendPracticeEvent(bus, {
    participant: 'igc',
    data: { ...data, visibility: { level: 'public' } },
  });
  // both receivers fail the first attempt: the public event stays pending in both queues
  for (const [auth, id] of [
    [apc, theirs],
    [igc, mine],
  ] as const) {
    await waitFor(async () => (await deliveries(app, auth, id)).some((d) => d.attempts === 1), {
      timeoutMs: 60_000,
      message: 'first attempt recorded',
    });
  }

  // the owner narrows the item to its members; the projector applies it
  const revised = await appendPracticeEvent(bus, {
    participant: 'igc',
    type: 'org.rcpx.practice.revised',
    itemId: shared.itemId,
    version: 2,
    data: { ...data, visibility: { level: 'members' }, changed: ['visibility'] },
  });
  await projector.caughtUp(revised.seq, 60_000);

  // both endpoints recover, and both subscriptions are told to try now
  healthy = true;
  for (const [auth, id] of [
    [apc, theirs],
    [igc, mine],
  ] as const) {
    const on = await app.inject({
      method: 'PATCH',
      url: `/v1/subscriptions/${id}`,
      headers: auth,
      payload: { active: true },
    });
    t.equal(on.statusCode, 200, on.body);
  }

  const skipped = await waitFor(
    async () => {
      const d = (await deliveries(app, apc, theirs)).find((x) => x.seq === shared.seq);
      return d && d.status !== 'pending' ? d : null;
    },
    { timeoutMs: 60_000, message: "apc's delivery settled" },
  );
  t.equal(skipped.status, 'skipped', 'the old public version is not delivered to apc');
  t.equal(skipped.attempts, 1, 'no attempt after the narrowing');
  t.match(skipped.error, /not visible to it/);
  t.same(
    reader.received.map((r) => r.status),
    [503],
    'apc received only the attempt made before the narrowing',
  );
  t.same(
    (await deliveries(app, apc, theirs)).map((d) => d.seq),
    [shared.seq],
    'the members-only revision was never queued for apc',
  );

  // the owner may still read its item: both versions, in order
  await waitFor(() => owner.received.filter((r) => r.status === 200).length >= 2, {
    timeoutMs: 60_000,
    message: 'the owner got both versions',
  });
  t.same(
    owner.received.filter((r) => r.status === 200).map((r) => JSON.parse(r.body).id),
    [shared.id, revised.id],
  );
});

test('a send in flight holds no lock on the read models: a rebuild swaps them meanwhile', async (t) => {
  const deps = await harness(t);
  const { db, bus } = deps;
  const { app } = await startWebhooks(t, deps, {
    RCPX_WEBHOOK_POLL_MS: 20,
    RCPX_WEBHOOK_TIMEOUT_MS: 600_000, // the send below lasts until the test releases it
  });
  let release = () => {};
  const held = new Promise<number>((resolve) => (release = () => resolve(200)));
  let inFlight = false;
  const receiver = await startReceiver(t, () => {
    inFlight = true;
    return held;
  });
  t.teardown(() => release());
  const auth = { authorization: `Bearer ${await tokenFor(db, 'apc')}` };
  const sub = (await subscribe(app, auth, { url: receiver.url })).id as string;
  const event = await appendPracticeEvent(bus, {
    participant: 'igc',
    data: {
      title: { en: 'A public practice' },
      themes: ['health'],
      visibility: { level: 'public' },
    },
  });
  await waitFor(() => inFlight, { timeoutMs: 60_000, message: 'the send started' });

  // The swap drops the old read models: it would wait for any transaction that read them.
  // (the 60 s bound only ends a failing run early: the send would wait 10 minutes)
  const rebuilding = rebuildReadModels({ db, bus });
  let timer: NodeJS.Timeout | undefined;
  const stuck = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), 60_000)));
  const rebuilt = await Promise.race([rebuilding, stuck]);
  clearTimeout(timer);
  if (!rebuilt) {
    release();
    await rebuilding;
    t.fail('the rebuild waited for the send to end');
    return;
  }
  t.equal(rebuilt.checkpoint, event.seq, 'rebuilt and swapped in');
  t.equal(receiver.received.length, 0, 'while the send was still in flight');

  release();
  const done = await waitFor(
    async () => {
      const d = (await deliveries(app, auth, sub)).find((x) => x.seq === event.seq);
      return d?.status === 'delivered' ? d : null;
    },
    { timeoutMs: 60_000, message: 'delivered' },
  );
  t.equal(done.attempts, 1);
});
