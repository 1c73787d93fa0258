import { test } from 'tap';
import { lastSeq } from '@rcpx/bus';
import { revokeToken } from '@rcpx/db';
import { startProjector } from '@rcpx/projector';
import { mintToken, waitFor } from '@rcpx/testing';
import { appendPractice, harness, startReceiver, startWebhooks } from './test-support.ts';
import { subscribe } from './test-subscriptions.ts';

const toApc = { level: 'rcps' as const, rcps: ['apc'] };

test('a revoked token leaves its subscription public items only until re-authorised', async (t) => {
  const deps = await harness(t);
  const { db, bus } = deps;
  const projector = startProjector({ db, bus });
  t.teardown(() => projector.stop());
  const { app } = await startWebhooks(t, deps, {
    RCPX_WEBHOOK_POLL_MS: 20,
    RCPX_WEBHOOK_BACKOFF_MS: 20,
  });
  const receiver = await startReceiver(t);
  const ids = () => receiver.received.map((r) => (JSON.parse(r.body) as { id: string }).id);
  const a = await mintToken(db, 'apc');
  const authA = { authorization: `Bearer ${a.token}` };
  const sub = await subscribe(app, authA, { url: receiver.url });
  const tokenOfSub = async () =>
    (
      await db
        .selectFrom('subscriptions')
        .select('token_id')
        .where('id', '=', sub.id)
        .executeTakeFirstOrThrow()
    ).token_id;
  t.equal(await tokenOfSub(), a.id, 'made by token A');
  t.equal(sub.authorised, true);
  const feedKey = await app.inject({
    method: 'POST',
    url: `/v1/subscriptions/${sub.id}/feed-key`,
    headers: authA,
  });
  t.equal(feedKey.statusCode, 201);
  t.equal(await tokenOfSub(), a.id, 'its feed key too');

  const conf1 = await appendPractice(bus, { participant: 'igc', visibility: toApc });
  const pub1 = await appendPractice(bus, { participant: 'igc' });
  await waitFor(() => ids().includes(pub1.id), { timeoutMs: 15_000 });
  t.same(ids(), [conf1.id, pub1.id], 'while the token is live: confidential items too');

  t.ok(await revokeToken(db, a.id));
  const conf2 = await appendPractice(bus, { participant: 'igc', visibility: toApc });
  const members = await appendPractice(bus, {
    participant: 'apc',
    visibility: { level: 'members' },
  });
  const pub2 = await appendPractice(bus, { participant: 'igc' });
  await waitFor(() => ids().includes(pub2.id), { timeoutMs: 15_000 });
  t.notOk(ids().includes(conf2.id), 'revoked: an item shared with apc is not sent');
  t.notOk(ids().includes(members.id), "revoked: not even apc's own members-only item");
  await waitFor(
    async () =>
      (await app.inject({ url: `/v1/subscriptions/${sub.id}`, headers: authA })).statusCode === 401,
    { timeoutMs: 15_000 },
  );
  t.pass('the revoked token itself is refused');

  // Another live token of apc may manage it; a replay does not re-authorise: public only.
  const c = await mintToken(db, 'apc');
  const authC = { authorization: `Bearer ${c.token}` };
  const seen = await app.inject({ url: `/v1/subscriptions/${sub.id}`, headers: authC });
  t.equal(seen.json().authorised, false, 'the subscription says it reads public items only');
  await projector.caughtUp(await lastSeq(bus), 20_000);
  const replay = await app.inject({
    method: 'POST',
    url: `/v1/subscriptions/${sub.id}/replay`,
    headers: authC,
    payload: { after: conf1.seq - 1 },
  });
  t.equal(replay.statusCode, 202, replay.body);
  t.match(replay.json(), { queued: 2 }, 'pub1 and pub2 only');

  // A token of another participant cannot re-authorise it.
  const igc = { authorization: `Bearer ${(await mintToken(db, 'igc')).token}` };
  const foreign = await app.inject({
    method: 'PATCH',
    url: `/v1/subscriptions/${sub.id}`,
    headers: igc,
    payload: { active: true },
  });
  t.equal(foreign.statusCode, 404);

  // A PATCH by a live token of apc re-authorises it: confidential items flow again.
  const patch = await app.inject({
    method: 'PATCH',
    url: `/v1/subscriptions/${sub.id}`,
    headers: authC,
    payload: { active: true },
  });
  t.equal(patch.statusCode, 200, patch.body);
  t.equal(await tokenOfSub(), c.id, 'now read as token C (the feed key as well)');
  t.equal(patch.json().authorised, true);
  const conf3 = await appendPractice(bus, { participant: 'igc', visibility: toApc });
  await waitFor(() => ids().includes(conf3.id), { timeoutMs: 15_000 });
  t.same(
    ids(),
    [conf1.id, pub1.id, pub2.id, pub1.id, pub2.id, conf3.id],
    'in order: the live events, the public replay, then the re-authorised confidential one',
  );
});

test('deliveries queued before the revocation are re-checked when sent', async (t) => {
  const deps = await harness(t);
  const { db, bus } = deps;
  // A long backoff: after the first failure nothing is in flight until the test says so.
  const { app } = await startWebhooks(t, deps, {
    RCPX_WEBHOOK_POLL_MS: 20,
    RCPX_WEBHOOK_BACKOFF_MS: 600_000,
  });
  let answer = 503;
  const receiver = await startReceiver(t, () => answer);
  const b = await mintToken(db, 'apc');
  const auth = { authorization: `Bearer ${b.token}` };
  const sub = await subscribe(app, auth, { url: receiver.url });
  const conf = await appendPractice(bus, { participant: 'igc', visibility: toApc });
  const pub = await appendPractice(bus, { participant: 'igc' });
  const delivery = (seq: number) =>
    db
      .selectFrom('deliveries')
      .select(['status', 'attempts', 'error'])
      .where('subscription_id', '=', sub.id)
      .where('seq', '=', seq)
      .executeTakeFirst();
  await waitFor(async () => ((await delivery(conf.seq))?.attempts ?? 0) >= 1, {
    timeoutMs: 15_000,
  });
  // queued by the fan-out's next batch, which may commit after the first attempt of `conf`
  t.ok(await waitFor(() => delivery(pub.seq)), 'the public one is queued behind it');

  t.ok(await revokeToken(db, b.id));
  answer = 200;
  await db
    .updateTable('deliveries')
    .set({ next_attempt_at: new Date() })
    .where('subscription_id', '=', sub.id)
    .execute();
  await waitFor(async () => (await delivery(pub.seq))?.status === 'delivered', {
    timeoutMs: 15_000,
  });
  const skipped = await delivery(conf.seq);
  t.equal(skipped?.status, 'skipped', 'the confidential one queued before is skipped');
  t.match(skipped?.error, /revoked/);
  t.same(
    receiver.received
      .filter((r) => r.status === 200)
      .map((r) => (JSON.parse(r.body) as { id: string }).id),
    [pub.id],
    'after the revocation only the public item is sent',
  );
});
