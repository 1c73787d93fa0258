import { test } from 'tap';
import { MAX_SUBSCRIPTIONS } from './webhooks-routes.ts';
import { harness, startWebhooks, tokenFor } from './test-support.ts';
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
