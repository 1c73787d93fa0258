import { test } from 'tap';
import { waitFor } from '@rcpx/testing';
import { appendPractice, harness, startReceiver, startWebhooks, tokenFor } from './test-support.ts';
import { subscribe } from './test-subscriptions.ts';

// docs/webhooks.md: PATCH {"active": true} on a subscription that is active but failing retries
// its pending deliveries at once (skipping the backoff) and restarts the failure clock.

test('PATCH active:true on a failing, active subscription retries at once', async (t) => {
  const deps = await harness(t);
  const { db, bus } = deps;
  const { app } = await startWebhooks(t, deps, {
    RCPX_WEBHOOK_BACKOFF_MS: 600_000, // the next retry would be minutes away
    RCPX_WEBHOOK_BACKOFF_MAX_MS: 600_000,
    RCPX_WEBHOOK_POLL_MS: 20,
    RCPX_WEBHOOK_FAILURE_WINDOW_MS: 3_600_000,
  });
  let healthy = false;
  const receiver = await startReceiver(t, () => (healthy ? 200 : 503));
  const auth = { authorization: `Bearer ${await tokenFor(db, 'apc')}` };
  const sub = await subscribe(app, auth, { url: receiver.url });
  const event = await appendPractice(bus, { participant: 'apc' });
  const get = async () =>
    (await app.inject({ url: `/v1/subscriptions/${sub.id}`, headers: auth })).json() as {
      active: boolean;
      failingSince: string | null;
      pendingDeliveries: number;
    };
  await waitFor(async () => (await get()).failingSince !== null, { timeoutMs: 15_000 });
  t.equal(receiver.received.length, 1, 'one failed attempt, the retry is far away');
  t.equal((await get()).active, true, 'still active');

  healthy = true;
  const on = await app.inject({
    method: 'PATCH',
    url: `/v1/subscriptions/${sub.id}`,
    headers: auth,
    payload: { active: true },
  });
  t.equal(on.statusCode, 200);
  t.equal(on.json().failingSince, null, 'the failure clock starts again');
  await waitFor(() => receiver.received.some((r) => r.status === 200), { timeoutMs: 15_000 });
  const ok = receiver.received.find((r) => r.status === 200)!;
  t.equal(ok.headers['webhook-id'], event.id, 'the pending delivery went out at once');
  await waitFor(async () => (await get()).pendingDeliveries === 0, { timeoutMs: 30_000 });
});
