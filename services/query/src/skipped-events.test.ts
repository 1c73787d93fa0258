import { test } from 'tap';
import { readModels } from '@rcpx/db';
import { startQueryApp } from './test-app.ts';

// The admin reads which events of the log the read models skipped, and why.
test('GET /v1/admin/skipped-events: admin only, by seq, paged', async (t) => {
  const q = await startQueryApp(t);
  await readModels(q.db, q.schema)
    .insertInto('skipped_events')
    .values([
      { seq: 7, projection: 'items', reason: 'invalid data: themes: required' },
      { seq: 7, projection: 'events', reason: 'invalid data: themes: required' },
      { seq: 9, projection: 'search', reason: 'refused by Postgres (search): …' },
      { seq: 12, projection: 'items', reason: 'invalid envelope: id' },
    ])
    .execute();

  t.equal((await q.get('/v1/admin/skipped-events')).status, 401, 'anonymous');
  const reader = await q.get('/v1/admin/skipped-events', 'bali-process');
  t.equal(reader.status, 403, 'a participant');
  t.match(reader.headers['content-type'], /^application\/problem\+json/);

  const all = await q.get('/v1/admin/skipped-events', 'admin');
  t.equal(all.status, 200);
  t.same(
    all.body.items.map((i: { seq: number; projection: string }) => [i.seq, i.projection]),
    [
      [7, 'events'],
      [7, 'items'],
      [9, 'search'],
      [12, 'items'],
    ],
  );
  t.match(all.body.items[0], { reason: /themes/, skippedAt: /^\d{4}-\d\d-\d\dT/ });
  t.equal(all.body.nextAfter, null);

  const first = await q.get('/v1/admin/skipped-events?limit=1', 'admin');
  t.equal(first.body.items.length, 2, 'a page holds whole seqs');
  t.equal(first.body.nextAfter, 7);
  const next = await q.get('/v1/admin/skipped-events?limit=2&after=7', 'admin');
  t.same(
    next.body.items.map((i: { seq: number }) => i.seq),
    [9, 12],
  );
  t.equal((await q.get('/v1/admin/skipped-events?limit=0', 'admin')).status, 400);
});
