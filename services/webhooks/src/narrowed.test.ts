import { test } from 'tap';
import { startProjector } from '@rcpx/projector';
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
