import t from 'tap';
import { sql } from 'kysely';
import { createTestEnv } from '@rcpx/testing';
import { createDb, migrateReadModels } from '@rcpx/db';
import {
  intersectVisibility,
  visibilityOfColumns,
  type NewEvent,
  type PracticeData,
  type Visibility,
} from '@rcpx/contracts';
import { applyBatch } from '../../apply-batch.ts';
import {
  baliPractice,
  entry,
  generateLog,
  idOf,
  practiceRevised,
  practiceShared,
  practiceWithdrawn,
} from '../../test-fixtures.ts';
import { sameAudience } from './audience.ts';

const env = await createTestEnv(t);
const db = createDb(env.databaseUrl);
t.teardown(() => db.destroy());

let schemas = 0;
async function freshSchema(): Promise<string> {
  const schema = `rm_hist_${++schemas}`;
  await migrateReadModels(db, schema);
  return schema;
}

/** Applies `events` (seqs from 1) in batches of the given sizes, in order. */
async function project(schema: string, events: readonly NewEvent[], sizes: number[]) {
  let seq = 0;
  for (const size of sizes) {
    const batch = events.slice(seq, seq + size).map((e, i) => entry(e, seq + i + 1));
    seq += size;
    if (batch.length > 0) await applyBatch(db, batch, { schema });
  }
}

async function served(schema: string): Promise<Visibility[]> {
  const { rows } = await sql<{ vis_level: string; vis_rcps: string[] }>`
    select vis_level, vis_rcps from ${sql.table(`${schema}.events`)} order by seq`.execute(db);
  return rows.map((r) => visibilityOfColumns(r.vis_level, r.vis_rcps));
}

const owner = 'bali-process';
const shared = practiceShared({ participant: owner, minute: 1 });
const id = idOf(shared);
const revision = (version: number, visibility: Visibility): NewEvent =>
  practiceRevised({ participant: owner, id, version, minute: version }, {
    ...baliPractice(),
    visibility,
  } satisfies PracticeData);

const PUBLIC: Visibility = { level: 'public' };
const MEMBERS: Visibility = { level: 'members' };
const story = [
  shared, // public
  revision(2, MEMBERS), // narrowed by mistake's fix: members only
  revision(3, { level: 'rcps', rcps: ['apc', 'igc'] }),
  revision(4, { level: 'rcps', rcps: ['igc', 'iom'] }),
  revision(5, PUBLIC), // widened again
];

t.test('an item narrowed later: its earlier rows are served under the new audience', async (t) => {
  const schema = await freshSchema();
  await applyBatch(db, [entry(story[0]!, 1)], { schema });
  t.same(await served(schema), [PUBLIC]);
  const narrowed = [entry(story[0]!, 1), entry(story[1]!, 2)];
  await applyBatch(db, narrowed, { schema });
  t.same(await served(schema), [MEMBERS, MEMBERS], 'the public version is members-only now');
  await applyBatch(db, narrowed, { schema });
  t.same(await served(schema), [MEMBERS, MEMBERS], 'a redelivery changes nothing');
});

t.test('narrowing, re-narrowing and widening, batch by batch', async (t) => {
  const schema = await freshSchema();
  const steps: Visibility[][] = [
    [PUBLIC],
    [MEMBERS, MEMBERS],
    [{ level: 'rcps', rcps: ['apc', 'igc'] }, MEMBERS, { level: 'rcps', rcps: ['apc', 'igc'] }],
    [
      { level: 'rcps', rcps: ['igc', 'iom'] },
      MEMBERS,
      { level: 'rcps', rcps: ['igc'] },
      { level: 'rcps', rcps: ['igc', 'iom'] },
    ],
    // widening serves each earlier version under its own visibility again, never wider
    [
      PUBLIC,
      MEMBERS,
      { level: 'rcps', rcps: ['apc', 'igc'] },
      { level: 'rcps', rcps: ['igc', 'iom'] },
      PUBLIC,
    ],
  ];
  for (let i = 0; i < story.length; i++) {
    await applyBatch(db, [entry(story[i]!, i + 1)], { schema });
    t.same(await served(schema), steps[i], `after seq ${i + 1}`);
  }
});

t.test('the same whether the changes come in one batch or in many', async (t) => {
  const one = await freshSchema();
  await project(one, story.slice(0, 2), [2]);
  t.same(await served(one), [MEMBERS, MEMBERS], 'shared and narrowed in one batch');

  const log = generateLog(600, 21);
  const whole = await freshSchema();
  await project(whole, log, [log.length]);
  const pieces = await freshSchema();
  const sizes: number[] = [];
  for (let n = 0, k = 1; n < log.length; n += k, k = (k % 13) + 1) sizes.push(k);
  await project(pieces, log, sizes);
  const expected = await served(whole);
  t.same(await served(pieces), expected);

  // every row: its own visibility narrowed by its item's current one (the items projection's)
  const { rows } = await sql<{
    own: Visibility;
    vis_level: string;
    vis_rcps: string[];
    item_level: string;
    item_rcps: string[];
  }>`select e.envelope->'data'->'visibility' as own, e.vis_level, e.vis_rcps,
      i.vis_level as item_level, i.vis_rcps as item_rcps
    from ${sql.table(`${whole}.events`)} e join ${sql.table(`${whole}.items`)} i on i.id = e.item_id
    order by e.seq`.execute(db);
  t.equal(rows.length, log.length);
  const wrong = rows.filter(
    (r) =>
      !sameAudience(
        visibilityOfColumns(r.vis_level, r.vis_rcps),
        intersectVisibility(r.own, visibilityOfColumns(r.item_level, r.item_rcps)),
      ),
  );
  t.same(wrong, [], 'served under own ∩ current');
  t.ok(
    rows.some((r) => r.own.level === 'public' && r.vis_level !== 'public'),
    'the log narrows some public versions',
  );
});

t.test('a withdrawn item keeps the audience it was withdrawn under', async (t) => {
  const schema = await freshSchema();
  const withdrawn = practiceWithdrawn(
    { participant: owner, id, version: 2, minute: 2 },
    { title: baliPractice().title, themes: ['health'], visibility: PUBLIC },
  );
  // a later revision cannot be written (409), but the projection must not follow one
  await project(schema, [shared, withdrawn, revision(3, MEMBERS)], [2, 1]);
  t.same(await served(schema), [PUBLIC, PUBLIC, MEMBERS]);
  const item = await db
    .withSchema(schema)
    .selectFrom('items')
    .select(['vis_level', 'status'])
    .executeTakeFirstOrThrow();
  t.same(item, { vis_level: 'public', status: 'withdrawn' }, 'as the item itself');
});

t.test('other events of a narrowed item follow it; other aggregates keep their own', async (t) => {
  const schema = await freshSchema();
  const note = (subject: string, n: number): NewEvent => ({
    ...shared,
    id: `00000000-0000-4000-8000-00000000000${n}`,
    type: 'org.rcpx.practice.note.added',
    subject,
    rcpxversion: 1,
    data: { themes: ['health'], visibility: PUBLIC },
  });
  const other = 'notes/6a1c5bb0-35ee-4bde-9b8e-3fb31d3a4b4f';
  await project(
    schema,
    [
      shared,
      note(`practices/${id}`, 1),
      note(other, 2),
      revision(2, MEMBERS),
      note(`practices/${id}`, 3),
    ],
    [2, 1, 1, 1],
  );
  t.same(await served(schema), [MEMBERS, MEMBERS, PUBLIC, MEMBERS, MEMBERS]);
});
