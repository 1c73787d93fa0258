import { randomUUID } from 'node:crypto';
import { test } from 'tap';
import { pruneDeliveries } from './prune.ts';
import { harness } from './test-support.ts';

test('pruning keeps pending deliveries and the payloads they need', async (t) => {
  const { db } = await harness(t);
  const old = new Date(Date.now() - 10 * 86_400_000);
  const sub = await db
    .insertInto('subscriptions')
    .values({
      participant: 'iom',
      url: 'https://example.org/h',
      secret: 'whsec_AAAA',
      start_seq: 0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const event = (seq: number, created_at: Date) => ({
    seq,
    id: randomUUID(),
    type: 'org.rcpx.practice.shared',
    participant: 'iom',
    themes: ['health'],
    vis_level: 'public' as const,
    body: '{}',
    created_at,
  });
  const events = [event(1, old), event(2, old), event(3, old), event(4, new Date())];
  await db.insertInto('webhook_events').values(events).execute();
  const delivery = (
    seq: number,
    status: 'delivered' | 'pending' | 'skipped',
    created_at: Date,
  ) => ({
    subscription_id: sub.id,
    seq,
    event_id: events[seq - 1]!.id,
    status,
    created_at,
  });
  await db
    .insertInto('deliveries')
    .values([
      delivery(1, 'delivered', old),
      delivery(2, 'pending', old),
      delivery(3, 'skipped', old),
      delivery(4, 'delivered', new Date()),
    ])
    .execute();

  t.same(await pruneDeliveries(db, 86_400_000), { deliveries: 2, events: 2 });
  const left = await db.selectFrom('deliveries').select(['seq', 'status']).orderBy('seq').execute();
  t.same(left, [
    { seq: 2, status: 'pending' },
    { seq: 4, status: 'delivered' },
  ]);
  const payloads = await db.selectFrom('webhook_events').select('seq').orderBy('seq').execute();
  t.same(
    payloads.map((p) => p.seq),
    [2, 4],
  );
});
