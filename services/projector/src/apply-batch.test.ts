import t from 'tap';
import { sql } from 'kysely';
import pg from 'pg';
import { createTestEnv } from '@rcpx/testing';
import {
  createDb,
  migrateReadModels,
  readModelsCheckpoint,
  readProjectionCheckpoints,
} from '@rcpx/db';
import { applyBatch, CheckpointGapError } from './apply-batch.ts';
import { applyBatchSafely } from './apply-safely.ts';
import type { ProjectionApplier } from './applier.ts';
import { eventsApplier } from './projections/events/applier.ts';
import { itemsApplier } from './projections/items/applier.ts';
import { searchApplier } from './projections/search/applier.ts';
import {
  baliPractice,
  colomboPractice,
  entry,
  generateLog,
  idOf,
  meetingRecorded,
  practiceRevised,
  practiceShared,
  practiceWithdrawn,
  publicationReleased,
} from './test-fixtures.ts';
import { countRows, dumpReadModels } from './test-support.ts';
import { waitForSeq } from '@rcpx/service-kit';
import { APPLIERS } from './appliers.ts';

const env = await createTestEnv(t);
const db = createDb(env.databaseUrl);
t.teardown(() => db.destroy());

const shared = practiceShared({ participant: 'bali-process', minute: 1 });
const id = idOf(shared);
const story = [
  shared,
  practiceShared({ participant: 'colombo-process', minute: 2 }, colomboPractice()),
  meetingRecorded({ participant: 'colombo-process', minute: 3 }),
  publicationReleased({ participant: 'iom', minute: 4 }),
  practiceRevised(
    { participant: 'bali-process', id, version: 2, minute: 5 },
    {
      ...baliPractice(),
      themes: ['health'],
    },
  ),
  practiceWithdrawn(
    { participant: 'bali-process', id, version: 3, minute: 6 },
    { title: baliPractice().title, themes: ['health'], visibility: { level: 'public' } },
  ),
].map((e, i) => entry(e, i + 1));

t.test('a batch: items, search, events, counts and the checkpoints in one go', async (t) => {
  await migrateReadModels(db, 'rm_story');
  const r = await applyBatch(db, story, { schema: 'rm_story' });
  t.same(r, { checkpoint: 6, applied: 6, skipped: 0, duplicates: 0 });
  const dump = await dumpReadModels(db, 'rm_story');
  t.same(
    dump.checkpoint,
    APPLIERS.map((a) => a.name)
      .sort()
      .map((name) => ({ name, seq: 6 })),
    'every projection at 6',
  );
  t.equal(dump.items!.length, 4);
  t.match(
    dump.items!.find((i) => (i as { id: string }).id === id),
    {
      status: 'withdrawn',
      version: 3,
      themes: ['health'],
      created_seq: 1,
      updated_seq: 6,
      data: { withdrawal: { seq: 6 } },
    },
  );
  t.equal(dump.item_search!.length, 4, 'the withdrawn practice keeps its text');
  t.same(
    dump.events!.map((e) => (e as { seq: number }).seq),
    [1, 2, 3, 4, 5, 6],
  );
  t.match(dump.events![0], { envelope: { rcpxseq: 1, id: shared.id } });
  const counts = Object.fromEntries(
    (dump.counts as { dimension: string; key: string; audience: string; n: number }[]).map((c) => [
      `${c.dimension}/${c.key}/${c.audience}`,
      c.n,
    ]),
  );
  t.equal(counts['kind/practice/all'], 1, 'the withdrawn practice counts no more');
  t.equal(counts['theme/health/all'], undefined, 'cells at 0 are deleted');
  t.equal(counts['kind/meeting/public'], 1);
  t.equal(counts['kind/publication/p:iom'], 1);
  t.equal(counts['kind/publication/public'], undefined);
  const search = await sql<{ n: number }>`select count(*)::int as n from rm_story.item_search
    where search @@ websearch_to_tsquery('french', 'traite')`.execute(db);
  t.equal(search.rows[0]!.n, 2, 'french full text over title and texts');
});

t.test('exactly once: the same batch again, or an overlapping one, changes nothing', async (t) => {
  await migrateReadModels(db, 'rm_once');
  await applyBatch(db, story.slice(0, 4), { schema: 'rm_once' });
  const again = await applyBatch(db, story.slice(0, 4), { schema: 'rm_once' });
  t.same(again, { checkpoint: 4, applied: 0, skipped: 0, duplicates: 4 });
  const overlap = await applyBatch(db, story.slice(2), { schema: 'rm_once' });
  t.same(overlap, { checkpoint: 6, applied: 2, skipped: 0, duplicates: 2 });
  const before = await dumpReadModels(db, 'rm_once');
  t.same(await applyBatch(db, story, { schema: 'rm_once' }), {
    checkpoint: 6,
    applied: 0,
    skipped: 0,
    duplicates: 6,
  });
  t.same(await dumpReadModels(db, 'rm_once'), before);
  t.same(before, await dumpReadModels(db, 'rm_story'), 'same as applying it in one batch');
});

t.test('each projection has its own checkpoint row, committed with its tables', async (t) => {
  await migrateReadModels(db, 'rm_parts');
  const opts = { schema: 'rm_parts' };
  // the mirror alone runs ahead to seq 4
  t.same(await applyBatch(db, story.slice(0, 4), { ...opts, appliers: [eventsApplier] }), {
    checkpoint: 4,
    applied: 4,
    skipped: 0,
    duplicates: 0,
  });
  t.equal(await readModelsCheckpoint(db, 'rm_parts'), 0, 'the read models: the minimum');
  const behind = {
    items: 0,
    events: 4,
    search: 0,
    memberships: 0,
    queries: 0,
    adoptions: 0,
    'follow-ups': 0,
  };
  t.same(await readProjectionCheckpoints(db, 'rm_parts'), behind);

  // the search projection fails this time
  let failures = 0;
  const failing: ProjectionApplier = {
    name: searchApplier.name,
    types: searchApplier.types,
    apply: async () => {
      failures++;
      throw new Error('search index unavailable');
    },
  };
  const parts = [itemsApplier, eventsApplier, failing];
  // in one transaction (lanes: 1), nothing of the batch is committed
  await t.rejects(
    applyBatch(db, story, { ...opts, appliers: parts, lanes: 1 }),
    /search index unavailable/,
  );
  t.equal(failures, 1);
  t.same(await readProjectionCheckpoints(db, 'rm_parts'), behind, 'every row where it was');
  t.equal(await countRows(db, 'rm_parts', 'items'), 0, 'no item written');
  t.equal(await countRows(db, 'rm_parts', 'events'), 4, 'the mirror as it was');

  // side by side (the default), the others commit their part with their rows; search nothing
  await t.rejects(applyBatch(db, story, { ...opts, appliers: parts }), /search index unavailable/);
  t.equal(failures, 2);
  t.same(
    await readProjectionCheckpoints(db, 'rm_parts'),
    { ...behind, items: 6, events: 6 },
    'the rows of the projections that committed moved',
  );
  t.equal(await countRows(db, 'rm_parts', 'item_search'), 0, 'nothing searchable yet');
  t.equal(await readModelsCheckpoint(db, 'rm_parts'), 0, 'the read models: still the minimum');

  // the retry: every projection catches up, the others skip what they have
  t.same(await applyBatch(db, story, opts), {
    checkpoint: 6,
    applied: 6,
    skipped: 0,
    duplicates: 0,
  });
  t.same(
    await readProjectionCheckpoints(db, 'rm_parts'),
    Object.fromEntries(Object.keys(behind).map((k) => [k, 6])),
  );
  t.same(await dumpReadModels(db, 'rm_parts'), await dumpReadModels(db, 'rm_story'));
});

t.test('a projection none of whose types is in the batch is not run', async (t) => {
  await migrateReadModels(db, 'rm_types');
  const seen: string[][] = [];
  const spy = (name: string, types: ReadonlySet<string>): ProjectionApplier => ({
    name,
    types,
    apply: async (_trx, _schema, events) => void seen.push(events.map((e) => e.type)),
  });
  const opts = {
    schema: 'rm_types',
    appliers: [
      spy('items', new Set(['org.rcpx.membership.changed'])),
      spy('search', new Set(['org.rcpx.meeting.outcome.recorded'])),
    ],
  };
  t.same(await applyBatch(db, story, opts), {
    checkpoint: 6,
    applied: 6,
    skipped: 0,
    duplicates: 0,
  });
  t.same(seen, [['org.rcpx.meeting.outcome.recorded']], 'only its own types, only when any');
  const rows = await readProjectionCheckpoints(db, 'rm_types');
  t.match(rows, { items: 6, search: 6 }, 'both rows move on');
});

t.test('an event one projection refuses is skipped by that projection alone', async (t) => {
  await migrateReadModels(db, 'rm_refuse');
  const refusing: ProjectionApplier = {
    name: 'search',
    types: '*',
    async apply(trx, _schema, events) {
      if (events.some((e) => e.seq === 3)) await sql`select 1 / 0`.execute(trx); // 22012
    },
  };
  const r = await applyBatchSafely(db, story, {
    schema: 'rm_refuse',
    appliers: [eventsApplier, refusing],
  });
  // the mirror committed the batch beside the refused search: the one-by-one retry applies search
  t.match(r, { checkpoint: 6, skipped: 1 });
  t.equal(await countRows(db, 'rm_refuse', 'events'), 6, 'the mirror has every event');
  const skipped = await sql<{ seq: number; projection: string; reason: string }>`
    select seq::int, projection, reason from rm_refuse.skipped_events`.execute(db);
  t.match(skipped.rows, [{ seq: 3, projection: 'search', reason: /refused by Postgres/ }]);
  t.match(await readProjectionCheckpoints(db, 'rm_refuse'), { events: 6, search: 6 });
});

t.test("a delivery beyond a projection's checkpoint + 1 is refused when contiguous", async (t) => {
  await migrateReadModels(db, 'rm_gap');
  await applyBatch(db, story.slice(0, 2), { schema: 'rm_gap', appliers: [eventsApplier] });
  const err = await applyBatch(db, story.slice(2), { schema: 'rm_gap', contiguous: true }).catch(
    (e: unknown) => e,
  );
  t.ok(err instanceof CheckpointGapError);
  t.match(err, { checkpoint: 0, first: 3 });
  t.equal(await readModelsCheckpoint(db, 'rm_gap'), 0);
  t.match(
    await readProjectionCheckpoints(db, 'rm_gap'),
    { items: 0, search: 0, events: 6 },
    'the projections behind wrote nothing; the mirror, at checkpoint + 1, applied it',
  );
});

t.test('invalid events are skipped, unknown types mirrored; the checkpoint moves on', async (t) => {
  await migrateReadModels(db, 'rm_odd');
  const bad = practiceShared({ participant: 'bali-process' });
  const batch = [
    entry({ ...bad, data: { ...bad.data, themes: [] } }, 1),
    { seq: 2, subject: 'x', event: { not: 'a cloud event' } },
    entry({ ...shared, type: 'org.rcpx.request.opened', subject: `requests/${id}` }, 3),
    entry(meetingRecorded({ participant: 'apc' }), 4),
  ];
  const warnings: unknown[] = [];
  const logger = { info() {}, error() {}, warn: (o: object) => void warnings.push(o) };
  const r = await applyBatch(db, batch, { schema: 'rm_odd', logger });
  t.same(r, { checkpoint: 4, applied: 2, skipped: 2, duplicates: 0 });
  t.match(warnings, [
    { seq: 1, reason: /themes/ },
    { seq: 2, reason: /envelope/ },
  ]);
  t.same(
    (await dumpReadModels(db, 'rm_odd')).events!.map((e) => (e as { type: string }).type),
    ['org.rcpx.request.opened', 'org.rcpx.meeting.outcome.recorded'],
  );
  t.equal(await countRows(db, 'rm_odd', 'items'), 1, 'the unknown type makes no item');
});

t.test('text Postgres cannot store (U+0000) is stripped, not a wedge', async (t) => {
  await migrateReadModels(db, 'rm_nul');
  const e = practiceShared(
    { participant: 'bali-process' },
    {
      ...baliPractice(),
      title: { en: 'Zero\u0000byte' },
    },
  );
  const r = await applyBatchSafely(db, [entry(e, 1)], { schema: 'rm_nul' });
  t.equal(r.applied, 1);
  const { rows } = await sql<{ t: string }>`select title->>'en' as t from rm_nul.items`.execute(db);
  t.equal(rows[0]!.t, 'Zerobyte');
});

t.test(
  'a batch of 1000 realistic events, applied in any split, gives the same models',
  async (t) => {
    const log = generateLog(1000, 7).map((e, i) => entry(e, i + 1));
    await migrateReadModels(db, 'rm_one');
    await migrateReadModels(db, 'rm_split');
    await applyBatch(db, log, { schema: 'rm_one' });
    for (let i = 0; i < log.length; i += 137) {
      await applyBatch(db, log.slice(i, i + 137), { schema: 'rm_split' });
    }
    t.same(await dumpReadModels(db, 'rm_split'), await dumpReadModels(db, 'rm_one'));
    const negative = await sql<{ n: number }>`select count(*)::int as n from rm_one.counts
    where n <= 0`.execute(db);
    t.equal(negative.rows[0]!.n, 0);
    // counts agree with the items table
    const drift = await sql<{ n: number }>`
    with expected as (
      select 'kind' as dimension, kind as key, count(*)::int as n from rm_one.items
      where status = 'active' group by kind
      union all
      select 'theme', unnest(themes), count(*)::int from rm_one.items
      where status = 'active' group by 2)
    select count(*)::int as n from expected e
    full join (select dimension, key, n from rm_one.counts where audience = 'all'
               and dimension in ('kind', 'theme')) c using (dimension, key)
    where e.n is distinct from c.n`.execute(db);
    t.equal(drift.rows[0]!.n, 0, 'counts per audience all = active items');
  },
);

t.test('a notice from each lane that committed; the one seen last carries the batch', async (t) => {
  await migrateReadModels(db, 'rm_notice');
  const listener = new pg.Client({ connectionString: env.databaseUrl });
  await listener.connect();
  t.teardown(() => listener.end());
  const notices: number[] = [];
  listener.on('notification', (n) => {
    if (n.channel === 'rcpx_checkpoint' && n.payload?.startsWith('rm_notice ')) {
      notices.push(Number(n.payload.slice('rm_notice '.length)));
    }
  });
  await listener.query('listen rcpx_checkpoint');
  const until = async (seq: number) => {
    for (let i = 0; i < 200 && !notices.includes(seq); i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
  };

  // Given a batch applied in 3 lanes side by side
  await applyBatch(db, story.slice(0, 4), { schema: 'rm_notice', lanes: 3 });
  await until(4);
  // Then one notice per lane at most, none beyond what every lane committed, one at 4
  t.ok(notices.length >= 1 && notices.length <= 3, `${notices.length} notices`);
  t.ok(notices.includes(4) && notices.every((n) => n <= 4), `notices ${notices.join(', ')}`);
  const first = notices.length;
  // Given a batch in 1 lane: one notice
  await applyBatch(db, story.slice(4), { schema: 'rm_notice', lanes: 1 });
  await until(6);
  // a redelivery moves nothing: no notice
  await applyBatch(db, story.slice(4), { schema: 'rm_notice' });
  // and a rebuild's target (notify: false) is not announced
  await applyBatch(db, story.slice(0, 2), { schema: 'rm_notice', notify: false });
  await new Promise((r) => setTimeout(r, 100));
  t.same(notices.slice(first), [6], 'one lane, one notice');
  t.equal(await readModelsCheckpoint(db, 'rm_notice'), 6);
});

t.test('a crowd of minSeq waiters wakes on the lanes’ notices, none below its seq', async (t) => {
  await migrateReadModels(db, 'rm_waiters');
  // 40 readers waiting for seqs across two batches applied in 3 lanes side by side
  const waiters = Array.from({ length: 40 }, (_, i) => (i % story.length) + 1).map((minSeq) =>
    waitForSeq(db, 'rm_waiters', minSeq, 30_000).then((seq) => ({ minSeq, seq })),
  );
  await applyBatch(db, story.slice(0, 3), { schema: 'rm_waiters', lanes: 3 });
  await applyBatch(db, story.slice(3), { schema: 'rm_waiters', lanes: 3 });
  const woken = await Promise.all(waiters);
  t.equal(woken.length, 40, 'every waiter answered');
  t.ok(
    woken.every(({ minSeq, seq }) => seq >= minSeq),
    'each at or beyond its seq',
  );
});
