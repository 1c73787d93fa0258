import { test } from 'tap';
import { Webhook } from 'standardwebhooks';
import { waitFor } from '@rcpx/testing';
import { appendPractice, harness, startReceiver, startWebhooks, tokenFor } from './test-support.ts';
import { disabledSubscription, subscribe } from './test-subscriptions.ts';
import type { Received } from './test-support.ts';

const FAST = {
  RCPX_WEBHOOK_BACKOFF_MS: 20,
  RCPX_WEBHOOK_BACKOFF_MAX_MS: 200,
  RCPX_WEBHOOK_POLL_MS: 20,
};

test('signed, ordered, at-least-once delivery with visibility, rotation and 410', async (t) => {
  const deps = await harness(t);
  const { db, bus } = deps;
  const { app } = await startWebhooks(t, deps, FAST);

  // The receiver fails the first 6 requests, then recovers.
  const receiver = await startReceiver(t, (_r, n) => (n < 6 ? 500 : 200));
  const bali = await tokenFor(db, 'bali-process');
  const auth = { authorization: `Bearer ${bali}` };

  const before = await appendPractice(bus, { participant: 'bali-process' });
  const created = await app.inject({
    method: 'POST',
    url: '/v1/subscriptions',
    headers: auth,
    payload: { url: receiver.url, description: 'our CMS' },
  });
  t.equal(created.statusCode, 201, created.body);
  const sub = created.json();
  t.match(sub.secret, /^whsec_/);
  t.equal(created.headers.location, `/v1/subscriptions/${sub.id}`);
  t.ok(sub.startSeq >= before.seq, 'events before the subscription are not delivered');

  // What bali-process may read, and what it may not.
  const expected: { id: string; seq: number }[] = [];
  const forbidden = new Set<string>();
  for (let i = 0; i < 5; i++) {
    expected.push(await appendPractice(bus, { participant: 'colombo-process' }));
    forbidden.add(
      (
        await appendPractice(bus, {
          participant: 'colombo-process',
          visibility: { level: 'members' },
        })
      ).id,
    );
    expected.push(
      await appendPractice(bus, {
        participant: 'iom',
        visibility: { level: 'rcps', rcps: ['bali-process'] },
      }),
    );
    forbidden.add(
      (
        await appendPractice(bus, {
          participant: 'iom',
          visibility: { level: 'rcps', rcps: ['igc'] },
        })
      ).id,
    );
    expected.push(
      await appendPractice(bus, { participant: 'bali-process', visibility: { level: 'members' } }),
    );
  }

  const ok = (r: Received) => r.status >= 200 && r.status < 300;
  await waitFor(
    () => new Set(receiver.received.filter(ok).map((r) => r.headers['webhook-id'])).size >= 15,
    { timeoutMs: 30_000, message: 'all events delivered' },
  );

  const wh = new Webhook(sub.secret);
  for (const r of receiver.received) {
    t.doesNotThrow(
      () => wh.verify(r.body, r.headers as Record<string, string>),
      'signature verifies',
    );
    const event = JSON.parse(r.body);
    t.equal(r.headers['webhook-id'], event.id, 'webhook-id is the event id');
    t.equal(r.headers['content-type'], 'application/cloudevents+json; charset=utf-8');
    t.notOk(forbidden.has(event.id), 'nothing the participant may not read');
  }
  t.ok(receiver.received.length > 15, 'failed attempts were retried');
  // Duplicates only with the same webhook-id, and first successful receipt in seq order.
  const firstOk: string[] = [];
  for (const r of receiver.received.filter(ok)) {
    const id = r.headers['webhook-id'] as string;
    if (!firstOk.includes(id)) firstOk.push(id);
  }
  t.same(
    firstOk,
    expected.map((e) => e.id),
    'every event once, in order',
  );
  const seqs = receiver.received.map((r) => JSON.parse(r.body).rcpxseq as number);
  t.same(
    seqs,
    [...seqs].sort((a, b) => a - b),
    'never out of order, even across retries',
  );

  // The receiver has the last body a moment before its outcome is committed.
  type Entry = { status: string; attempts: number; seq: number };
  const entries = await waitFor(
    async () => {
      const log = await app.inject({
        url: `/v1/subscriptions/${sub.id}/deliveries`,
        headers: auth,
      });
      const items = log.json().items as Entry[];
      return items.every((e) => e.status === 'delivered') ? items : null;
    },
    { timeoutMs: 30_000, message: 'every outcome recorded' },
  );
  t.equal(entries.length, 15);
  t.ok(
    entries.some((e) => e.attempts > 1),
    'the log shows the retries',
  );
  const oldest = entries[entries.length - 1]!;
  t.match(oldest, { responseStatus: 200, seq: expected[0]!.seq });

  // Other participants cannot see it; admin cannot manage it.
  const igc = await tokenFor(db, 'igc');
  const foreign = await app.inject({
    url: `/v1/subscriptions/${sub.id}`,
    headers: { authorization: `Bearer ${igc}` },
  });
  t.equal(foreign.statusCode, 404);
  t.equal(foreign.headers['content-type'], 'application/problem+json; charset=utf-8');
  const anon = await app.inject({ url: '/v1/subscriptions' });
  t.equal(anon.statusCode, 401);

  // Manual redelivery: same webhook-id again.
  const deliveryId = (entries[0] as unknown as { id: number }).id;
  const re = await app.inject({
    method: 'POST',
    url: `/v1/subscriptions/${sub.id}/deliveries/${deliveryId}/redeliver`,
    headers: auth,
  });
  t.equal(re.statusCode, 202, re.body);
  t.equal(re.json().origin, 'redelivery');
  const count = receiver.received.length;
  await waitFor(() => receiver.received.length > count, { timeoutMs: 30_000 });
  t.equal(receiver.received[count]!.headers['webhook-id'], expected[14]!.id);

  // Rotation: both secrets sign for the overlap; the old one is never shown again.
  const rotated = await app.inject({
    method: 'POST',
    url: `/v1/subscriptions/${sub.id}/rotate-secret`,
    headers: auth,
  });
  t.equal(rotated.statusCode, 200);
  const newSecret = rotated.json().secret as string;
  t.not(newSecret, sub.secret);
  const n2 = receiver.received.length;
  await appendPractice(bus, { participant: 'apc' });
  await waitFor(() => receiver.received.length > n2, { timeoutMs: 30_000 });
  const after = receiver.received[n2]!;
  const sigs = (after.headers['webhook-signature'] as string).split(' ');
  t.equal(sigs.length, 2, 'two signatures during the overlap');
  t.doesNotThrow(() =>
    new Webhook(newSecret).verify(after.body, after.headers as Record<string, string>),
  );
  t.doesNotThrow(() => wh.verify(after.body, after.headers as Record<string, string>));
  const shown = await app.inject({ url: `/v1/subscriptions/${sub.id}`, headers: auth });
  t.notOk('secret' in shown.json());
  t.type(shown.json().previousSecretExpiresAt, 'string');

  // 410 Gone disables the subscription, with a reason.
  const gone = await startReceiver(t, () => 410);
  const s2 = await subscribe(app, auth, { url: gone.url });
  await appendPractice(bus, { participant: 'apc' });
  const disabled = await disabledSubscription(app, auth, s2.id, 30_000);
  t.match(disabled.disabledReason, /410/);
  t.equal(gone.received.length, 1, 'not retried after 410');

  // Deleting removes it.
  const del = await app.inject({
    method: 'DELETE',
    url: `/v1/subscriptions/${s2.id}`,
    headers: auth,
  });
  t.equal(del.statusCode, 204);
  const missing = await app.inject({ url: `/v1/subscriptions/${s2.id}`, headers: auth });
  t.equal(missing.statusCode, 404);
});
