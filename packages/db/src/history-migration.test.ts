import { randomUUID } from 'node:crypto';
import { test } from 'tap';
import { sql, type Kysely } from 'kysely';
import * as history from './migrations/read-models/2026-12-04T1900-history-under-current-audience.ts';
import { freshDb } from './test-support.ts';
import { migrateReadModels } from './index.ts';

type Vis = { level: string; rcps?: string[] };

test('events mirrored before: narrowed once by their item current visibility', async (t) => {
  const db = await freshDb(t);
  await migrateReadModels(db);
  const [a, b, c, d, e] = [1, 2, 3, 4, 5].map(() => randomUUID());
  const P = 'org.rcpx.practice.';
  // as the projector wrote them before: each row under its own visibility
  const rows: [string, string, Vis][] = [
    [a!, `${P}shared`, { level: 'public' }],
    [a!, `${P}revised`, { level: 'members' }], // narrowed: seq 1 must go
    [b!, `${P}shared`, { level: 'rcps', rcps: ['apc', 'igc'] }],
    [b!, `${P}revised`, { level: 'public' }], // widened: seq 3 stays as it was
    [c!, `${P}shared`, { level: 'rcps', rcps: ['apc', 'igc'] }],
    [c!, `${P}revised`, { level: 'rcps', rcps: ['iom', 'igc'] }],
    [d!, `${P}shared`, { level: 'public' }],
    [d!, `${P}withdrawn`, { level: 'public' }],
    [d!, `${P}revised`, { level: 'members' }], // after a withdrawal: changes nothing
    [e!, 'org.rcpx.note.added', { level: 'public' }], // no item event: its own
    [a!, `${P}note.added`, { level: 'public' }], // another event of item a
  ];
  for (const [i, [id, type, vis]] of rows.entries()) {
    const envelope = JSON.stringify({ rcpxversion: 1, data: { themes: [], visibility: vis } });
    await sql`insert into rm.events (seq, id, type, kind, item_id, participant, themes,
        vis_level, vis_rcps, time, envelope)
      values (${i + 1}, ${randomUUID()}, ${type}, 'practice', ${id}, 'bali-process', '{}',
        ${vis.level}, ${vis.rcps ?? []}::text[], now(), ${envelope}::jsonb)`.execute(db);
  }
  const served = async () =>
    (
      await sql<{ vis_level: string; vis_rcps: string[] }>`
        select vis_level, vis_rcps from rm.events order by seq`.execute(db)
    ).rows.map((r) => (r.vis_level === 'rcps' ? `rcps:${r.vis_rcps.join('+')}` : r.vis_level));
  const rm = db.withSchema('rm') as Kysely<unknown>;
  await db
    .transaction()
    .execute((trx) => history.up(trx.withSchema('rm') as unknown as Kysely<unknown>));
  const expected = [
    'members',
    'members',
    'rcps:apc+igc',
    'public',
    'rcps:igc',
    'rcps:iom+igc',
    'public',
    'public',
    'members',
    'public',
    'members',
  ];
  t.same(await served(), expected);
  await history.up(rm);
  t.same(await served(), expected, 'idempotent');
  await history.down(rm);
  t.same(
    await served(),
    rows.map(([, , v]) => (v.level === 'rcps' ? `rcps:${v.rcps!.join('+')}` : v.level)),
    'down: each row under its own visibility again',
  );
});
