import { test } from 'tap';
import type { TeardownHost } from '@rcpx/testing';
import { lastSeq } from '@rcpx/bus';
import { startProjector } from '@rcpx/projector';
import { MAX_SUBSCRIPTIONS } from './webhooks-routes.ts';
import { appendPractice, harness, startWebhooks, tokenFor } from './test-support.ts';
import { subscribe } from './test-subscriptions.ts';

test('the subscription cap holds under 25 concurrent creates', async (t) => {
  const deps = await harness(t);
  const { db } = deps;
  const { app } = await startWebhooks(t, deps);
  const auth = { authorization: `Bearer ${await tokenFor(db, 'igc')}` };
  const other = { authorization: `Bearer ${await tokenFor(db, 'apc')}` };
  const url = 'http://127.0.0.1:9/hooks';
  for (let i = 0; i < MAX_SUBSCRIPTIONS - 5; i++) {
    await db
      .insertInto('subscriptions')
      .values({ participant: 'igc', url, secret: `whsec_${i}`, start_seq: 0 })
      .execute();
  }
  const answers = await Promise.all(
    Array.from({ length: 25 }, () =>
      app.inject({ method: 'POST', url: '/v1/subscriptions', headers: auth, payload: { url } }),
    ),
  );
  const codes = answers.map((r) => r.statusCode).sort();
  t.same(codes, [...Array(5).fill(201), ...Array(20).fill(409)], 'five fit, twenty are refused');
  for (const r of answers.filter((a) => a.statusCode === 409)) {
    t.match(r.headers['content-type'], /application\/problem\+json/);
  }
  const n = await db
    .selectFrom('subscriptions')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('participant', '=', 'igc')
    .executeTakeFirstOrThrow();
  t.equal(Number(n.n), MAX_SUBSCRIPTIONS, 'never more than the cap');
  // Another participant's creates are not held back by igc's cap.
  const theirs = await Promise.all(
    Array.from({ length: 10 }, () => subscribe(app, other, { url })),
  );
  t.ok(
    theirs.every((s) => typeof s.id === 'string'),
    'apc creates all ten',
  );
});

/** A subscription (inactive: nothing is sent, queued deliveries stay pending) after 30 events. */
async function replaySetup(t: TeardownHost, maxPending: number) {
  const deps = await harness(t);
  const { db, bus } = deps;
  const projector = startProjector({ db, bus });
  t.teardown(() => projector.stop());
  const { app } = await startWebhooks(t, deps, { RCPX_WEBHOOK_MAX_PENDING: maxPending });
  const seqs: number[] = [];
  for (let i = 0; i < 30; i++) seqs.push((await appendPractice(bus, { participant: 'igc' })).seq);
  await projector.caughtUp(await lastSeq(bus), 20_000);
  const auth = { authorization: `Bearer ${await tokenFor(db, 'apc')}` };
  const sub = await subscribe(app, auth, { url: 'http://127.0.0.1:9/hooks', active: false });
  const pending = async () =>
    Number(
      (
        await db
          .selectFrom('deliveries')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('subscription_id', '=', sub.id)
          .where('status', '=', 'pending')
          .executeTakeFirstOrThrow()
      ).n,
    );
  const deliverAll = () =>
    db
      .updateTable('deliveries')
      .set({ status: 'delivered' })
      .where('subscription_id', '=', sub.id)
      .execute();
  const replay = (after: number) =>
    app.inject({
      method: 'POST',
      url: `/v1/subscriptions/${sub.id}/replay`,
      headers: auth,
      payload: { after },
    });
  const redeliver = (id: number) =>
    app.inject({
      method: 'POST',
      url: `/v1/subscriptions/${sub.id}/deliveries/${id}/redeliver`,
      headers: auth,
    });
  return { db, seqs, sub, pending, deliverAll, replay, redeliver };
}

test('overlapping replays coalesce: the log is queued once', async (t) => {
  const { seqs, pending, deliverAll, replay } = await replaySetup(t, 10_000);
  const many = await Promise.all(Array.from({ length: 20 }, () => replay(0)));
  t.ok(
    many.every((r) => r.statusCode === 202),
    'all accepted',
  );
  t.equal(
    many.reduce((n, r) => n + (r.json() as { queued: number }).queued, 0),
    30,
    'twenty concurrent replays from 0 queue the 30 events once between them',
  );
  t.equal(await pending(), 30, 'each event is pending once');
  t.match((await replay(seqs[9]!)).json(), { queued: 0 }, 'a part already pending adds nothing');
  t.equal(await pending(), 30);
  // Once delivered, a replay queues them again (that is what replay is for).
  await deliverAll();
  t.match((await replay(seqs[19]!)).json(), { queued: 10 });
  t.equal(await pending(), 10);
});

test('the pending queue of a subscription is capped', async (t) => {
  const { db, seqs, sub, pending, deliverAll, replay, redeliver } = await replaySetup(t, 12);
  const first = await replay(0);
  t.equal(first.statusCode, 202);
  t.same(first.json(), { queued: 12, after: 0, through: seqs[11] }, 'stops at the cap');
  t.equal(await pending(), 12);
  const full = await replay(seqs[11]!);
  t.equal(full.statusCode, 409, 'a full queue refuses a replay');
  t.match(full.headers['content-type'], /application\/problem\+json/);
  const one = await db
    .selectFrom('deliveries')
    .select('id')
    .where('subscription_id', '=', sub.id)
    .executeTakeFirstOrThrow();
  t.equal((await redeliver(Number(one.id))).statusCode, 409, 'and a redelivery');
  t.equal(await pending(), 12, 'never more than the cap');

  // Going on from `through` once the queue drained covers the rest of the log.
  await deliverAll();
  t.same((await replay(seqs[11]!)).json(), { queued: 12, after: seqs[11], through: seqs[23] });
  await deliverAll();
  const last = (await replay(seqs[23]!)).json() as { queued: number; through: number };
  t.equal(last.queued, 6);
  t.ok(last.through >= seqs[29]!, 'the rest fits: through is the fan-out checkpoint');
  t.equal((await redeliver(Number(one.id))).statusCode, 202, 'room again for a redelivery');
});
