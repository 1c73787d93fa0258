import { randomUUID } from 'node:crypto';
import { test } from 'tap';
import { sql } from 'kysely';
import type { Filters, Reader } from '@rcpx/contracts';
import { countriesOfData, matchesFilters } from '@rcpx/contracts';
import { freshDb } from './test-support.ts';
import { eventMatches, itemMatches, migrateReadModels, readModels } from './index.ts';

const SHARED = 'org.rcpx.practice.shared';
const REVISED = 'org.rcpx.practice.revised';
const MEETING = 'org.rcpx.meeting.outcome.recorded';

test('eventMatches and itemMatches: the SQL of matchesFilters, on indexes', async (t) => {
  const db = await freshDb(t);
  await migrateReadModels(db);
  const rm = readModels(db);
  const rows = [
    { type: SHARED, participant: 'iom', themes: ['trafficking'], data: { countries: ['FR'] } },
    { type: SHARED, participant: 'igc', themes: ['asylum', 'health'], data: {} },
    { type: REVISED, participant: 'iom', themes: ['asylum'], data: { countries: ['ES', 'FR'] } },
    {
      type: MEETING,
      participant: 'puebla-process',
      themes: ['trafficking'],
      data: { meeting: { hostCountry: 'CR' } },
    },
  ];
  const items: string[] = [];
  for (const [i, r] of rows.entries()) {
    const id = randomUUID();
    items.push(id);
    const data = { ...r.data, themes: r.themes, visibility: { level: 'public' } };
    await rm
      .insertInto('events')
      .values({
        seq: i + 1,
        id: randomUUID(),
        type: r.type,
        kind: r.type === MEETING ? 'meeting' : 'practice',
        item_id: id,
        participant: r.participant,
        themes: r.themes,
        vis_level: 'public',
        vis_rcps: [],
        time: new Date(),
        envelope: JSON.stringify({ type: r.type, data }),
      })
      .execute();
    await rm
      .insertInto('items')
      .values({
        id,
        kind: r.type === MEETING ? 'meeting' : 'practice',
        participant: r.participant,
        version: 1,
        status: 'active',
        themes: r.themes,
        countries: countriesOfData(data),
        vis_level: 'public',
        vis_rcps: [],
        title: JSON.stringify({ en: 'x' }),
        data: JSON.stringify(data),
        created_seq: i + 1,
        updated_seq: i + 1,
        created_at: new Date(),
        updated_at: new Date(),
      })
      .execute();
  }
  const anonymous: Reader = { kind: 'anonymous' };
  const cases: Filters[] = [
    {},
    { themes: ['trafficking'] },
    { themes: ['trafficking', 'health'] },
    { participants: ['iom', 'puebla-process'] },
    { types: [REVISED, MEETING] },
    { countries: ['FR'] },
    { countries: ['CR', 'ES'] },
    { countries: ['FR'], themes: ['asylum'] },
    { countries: ['FR'], themes: ['asylum'], participants: ['igc'] },
  ];
  for (const f of cases) {
    const want = rows
      .map((r, i) => ({ i, ok: matchesFilters(f, { ...r, countries: countriesOfData(r.data) }) }))
      .filter((x) => x.ok)
      .map((x) => x.i + 1);
    const events = await rm
      .selectFrom('events as e')
      .select('e.seq')
      .where(eventMatches(f, 'e'))
      .orderBy('e.seq')
      .execute();
    t.same(
      events.map((e) => Number(e.seq)),
      want,
      `events ${JSON.stringify(f)}`,
    );
    const { types: _types, ...onItems } = f;
    const found = await rm
      .selectFrom('items as i')
      .select('i.updated_seq')
      .where(itemMatches(onItems, anonymous, 'rm', 'i'))
      .orderBy('i.updated_seq')
      .execute();
    const wantItems = rows
      .map((r, i) => ({
        i,
        ok: matchesFilters({ ...onItems }, { ...r, countries: countriesOfData(r.data) }),
      }))
      .filter((x) => x.ok)
      .map((x) => x.i + 1);
    t.same(
      found.map((r) => Number(r.updated_seq)),
      wantItems,
      `items ${JSON.stringify(onItems)}`,
    );
  }
  const revised = await rm
    .selectFrom('items as i')
    .select('i.id')
    .where(itemMatches({ types: [REVISED] }, anonymous, 'rm', 'i'))
    .execute();
  t.same(
    revised.map((r) => r.id),
    [items[2]],
    'types on items: an event of that type',
  );

  // Index-friendly: with sequential scans off, each filter is answered through an index.
  const plan = async (f: Filters) => {
    const compiled = rm
      .selectFrom('events as e')
      .select('e.seq')
      .where(eventMatches(f, 'e'))
      .compile();
    return db.connection().execute(async (c) => {
      await sql`set enable_seqscan = off`.execute(c);
      const { rows: lines } = await c.executeQuery<{ 'QUERY PLAN': string }>({
        ...compiled,
        sql: `explain ${compiled.sql}`,
      });
      return lines.map((l) => l['QUERY PLAN']).join('\n');
    });
  };
  t.match(await plan({ themes: ['trafficking'] }), /events_themes/);
  t.match(await plan({ participants: ['iom'] }), /events_participant/);
  t.match(await plan({ types: [REVISED] }), /events_type/);
  const countries = await plan({ countries: ['FR', 'CR'] });
  t.match(countries, /events_countries/);
  t.match(countries, /events_host_country/);
  const items2 = rm
    .selectFrom('items as i')
    .select('i.id')
    .where(itemMatches({ countries: ['FR'] }, anonymous, 'rm', 'i'))
    .compile();
  const itemPlan = await db.connection().execute(async (c) => {
    await sql`set enable_seqscan = off`.execute(c);
    const { rows: lines } = await c.executeQuery<{ 'QUERY PLAN': string }>({
      ...items2,
      sql: `explain ${items2.sql}`,
    });
    return lines.map((l) => l['QUERY PLAN']).join('\n');
  });
  t.match(itemPlan, /items_countries/);
});
