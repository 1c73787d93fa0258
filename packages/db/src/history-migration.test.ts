import { randomUUID } from 'node:crypto';
import { test } from 'tap';
import { sql, type Kysely } from 'kysely';
import * as history from './migrations/read-models/2026-12-04T1900-history-under-current-audience.ts';
import { freshDb } from './test-support.ts';
import { migrateReadModels } from './index.ts';
import { intersectVisibility, type Visibility } from '@rcpx/contracts';

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

test('a random mirrored log: the migration narrows as the rule says', async (t) => {
  const db = await freshDb(t);
  await migrateReadModels(db);
  let state = 20261204;
  const rand = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 1) / 2 ** 31;
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rand() * a.length)]!;
  const POOL: Visibility[] = [
    { level: 'public' },
    { level: 'public' },
    { level: 'members' },
    { level: 'rcps', rcps: ['apc'] },
    { level: 'rcps', rcps: ['apc', 'igc'] },
    { level: 'rcps', rcps: ['igc', 'iom'] },
  ];
  const P = 'org.rcpx.practice.';
  const items = Array.from({ length: 60 }, () => ({ id: randomUUID(), events: 0 }));
  const log: { item: string; type: string; vis: Visibility }[] = [];
  for (let n = 0; n < 300; n++) {
    const item = pick(items);
    const r = rand();
    const type =
      item.events === 0
        ? `${P}shared`
        : r < 0.6
          ? `${P}revised`
          : r < 0.75
            ? `${P}withdrawn`
            : `${P}note.added`;
    item.events++;
    log.push({ item: item.id, type, vis: pick(POOL) });
  }
  // the rule: own visibility ∩ the item's current one (last item event up to its withdrawal)
  const current = new Map<string, { vis: Visibility; final: boolean }>();
  for (const e of log) {
    if (e.type.endsWith('note.added') || current.get(e.item)?.final) continue;
    current.set(e.item, { vis: e.vis, final: e.type.endsWith('withdrawn') });
  }
  const show = (v: Visibility) => (v.level === 'rcps' ? `rcps:${v.rcps.join('+')}` : v.level);
  const expected = log.map((e) => {
    const c = current.get(e.item);
    return show(c ? intersectVisibility(e.vis, c.vis) : e.vis);
  });
  t.ok(
    log.some((e, i) => e.vis.level === 'public' && expected[i] !== 'public'),
    'some public versions are narrowed',
  );

  for (const [i, e] of log.entries()) {
    const envelope = JSON.stringify({ rcpxversion: 1, data: { themes: [], visibility: e.vis } });
    const rcps = e.vis.level === 'rcps' ? e.vis.rcps : [];
    await sql`insert into rm.events (seq, id, type, kind, item_id, participant, themes,
        vis_level, vis_rcps, time, envelope)
      values (${i + 1}, ${randomUUID()}, ${e.type}, 'practice', ${e.item}, 'bali-process', '{}',
        ${e.vis.level}, ${rcps}::text[], now(), ${envelope}::jsonb)`.execute(db);
  }
  await history.up(db.withSchema('rm') as Kysely<unknown>);
  const { rows } = await sql<{ vis_level: string; vis_rcps: string[] }>`
    select vis_level, vis_rcps from rm.events order by seq`.execute(db);
  t.same(
    rows.map((r) => (r.vis_level === 'rcps' ? `rcps:${r.vis_rcps.join('+')}` : r.vis_level)),
    expected,
  );
});
