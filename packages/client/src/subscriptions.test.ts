import t from 'tap';
import { spawnAllInOne, startReceiver, waitFor } from '@rcpx/testing';
import { createClient } from './index.ts';
import { statusOf } from './test-status.ts';

const ADMIN = 'client-subscriptions-admin';

// The webhook methods against the real all-in-one process (its webhook worker delivering to a
// local receiver): create, read, the delivery log, redeliver, replay, rotate, feed key, pause,
// delete — and what another participant or an anonymous caller gets.
t.test('the typed client: webhook subscriptions', async (t) => {
  const { baseUrl, mint } = await spawnAllInOne(t, {
    admin: ADMIN,
    env: { RCPX_WEBHOOK_ALLOW: '127.0.0.1', RCPX_WEBHOOK_POLL_MS: '50' },
  });
  const receiver = await startReceiver(t);
  const bali = createClient({ baseUrl, token: await mint('bali-process') });
  const iom = createClient({ baseUrl, token: await mint('iom', 'reader') });

  const created = await bali.createSubscription({
    url: receiver.url,
    description: 'Our case system',
    themes: ['trafficking'],
  });
  t.match(created, { participant: 'bali-process', active: true, themes: ['trafficking'] });
  t.match(created.secret, /^whsec_/, 'the secret, once');
  const { id } = created;
  t.same(
    (await bali.listSubscriptions()).items.map((s) => s.id),
    [id],
  );
  t.notOk('secret' in (await bali.getSubscription(id)), 'never the secret again');

  const shared = await bali.publishPractice({
    title: { en: 'Joint screening at sea ports' },
    themes: ['trafficking'],
  });
  await waitFor(async () => (await bali.deliveries(id)).items[0]?.status === 'delivered', {
    timeoutMs: 20_000,
    message: 'the practice delivered',
  });
  const [first] = (await bali.deliveries(id, { status: 'delivered', limit: 10 })).items;
  t.match(first, { seq: shared.seq, type: 'org.rcpx.practice.shared', origin: 'log' });
  t.same(await bali.delivery(id, first!.id), first);
  t.match(await bali.redeliver(id, first!.id), { seq: shared.seq, origin: 'redelivery' });
  // the redelivery received first: a replay skips what is still pending (replays coalesce)
  await waitFor(() => receiver.received.length >= 2, {
    timeoutMs: 20_000,
    message: 'the redelivery arrives',
  });
  t.match(await bali.replaySubscription(id, 0), { queued: 1, after: 0 });
  await waitFor(() => receiver.received.length >= 3, {
    timeoutMs: 20_000,
    message: 'the redelivery and the replay arrive',
  });

  const rotated = await bali.rotateSecret(id);
  t.match(rotated.secret, /^whsec_/);
  t.not(rotated.secret, created.secret, 'a new secret');
  t.ok(rotated.previousSecretExpiresAt, 'the previous one still signs for a while');
  const key = await bali.createFeedKey(id);
  t.match(key.feeds.themes, /^\/v1\/feeds\/themes\/\{theme\}\.atom\?key=/);

  t.match(await bali.updateSubscription(id, { active: false }), { active: false });
  t.match(await bali.getSubscription(id), { active: false, description: 'Our case system' });

  t.equal(await statusOf(iom.getSubscription(id)), 404, "another participant's: 404");
  t.equal(await statusOf(createClient({ baseUrl }).listSubscriptions()), 401, 'anonymous: 401');
  t.equal(await bali.deleteSubscription(id), undefined);
  t.equal(await statusOf(bali.getSubscription(id)), 404, 'deleted');
  t.same((await bali.listSubscriptions()).items, []);
});
