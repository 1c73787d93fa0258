import { test } from 'tap';
import { waitFor } from '@rcpx/testing';
import { appendPractice, harness, startReceiver, startWebhooks, tokenFor } from './test-support.ts';
import { disabledSubscription, subscribe } from './test-subscriptions.ts';

test('a subscription failing for the whole window is disabled, says why, and resumes', async (t) => {
  const deps = await harness(t);
  const { db, bus } = deps;
  const { app } = await startWebhooks(t, deps, {
    RCPX_WEBHOOK_BACKOFF_MS: 20,
    RCPX_WEBHOOK_BACKOFF_MAX_MS: 50,
    RCPX_WEBHOOK_POLL_MS: 20,
    RCPX_WEBHOOK_FAILURE_WINDOW_MS: 300,
  });
  let healthy = false;
  const receiver = await startReceiver(t, () => (healthy ? 200 : 503));
  const auth = { authorization: `Bearer ${await tokenFor(db, 'puebla-process')}` };
  const sub = await subscribe(app, auth, { url: receiver.url });
  const first = await appendPractice(bus, { participant: 'puebla-process' });

  const disabled = await disabledSubscription(app, auth, sub.id, 30_000);
  t.match(disabled.disabledReason, /failed since .*503/);
  t.type(disabled.disabledAt, 'string');
  t.equal(disabled.pendingDeliveries, 1, 'the undelivered event is kept');
  const attempts = receiver.received.length;
  t.ok(attempts >= 2, 'retried before giving up');

  // Re-enabled: the kept delivery goes out first.
  healthy = true;
  const on = await app.inject({
    method: 'PATCH',
    url: `/v1/subscriptions/${sub.id}`,
    headers: auth,
    payload: { active: true },
  });
  t.equal(on.statusCode, 200);
  t.equal(on.json().disabledReason, null);
  await waitFor(() => receiver.received.some((r) => r.status === 200), { timeoutMs: 30_000 });
  t.equal(receiver.received.find((r) => r.status === 200)!.headers['webhook-id'], first.id);
});
