import t from 'tap';
import { sql } from 'kysely';
import { createTestEnv } from '@rcpx/testing';
import { createDb, migrateReadModels } from '@rcpx/db';
import { applyBatchSafely } from './apply-safely.ts';
import {
  baliPractice,
  entry,
  idOf,
  practiceRevised,
  practiceShared,
  publicationReleased,
} from './test-fixtures.ts';
import { countRows } from './test-support.ts';

// An event already in the log with a lone UTF-16 surrogate (accepted before ingest refused them):
// jsonb refuses it, yet every read model must hold it — with U+FFFD in its place — instead of
// the item missing from detail, lists, search and counts, and its seq from /v1/events.

const env = await createTestEnv(t);
const db = createDb(env.databaseUrl);
t.teardown(() => db.destroy());

const warnings: { obj: object; msg?: string }[] = [];
const logger = {
  info() {},
  warn: (obj: object, msg?: string) => void warnings.push({ obj, ...(msg ? { msg } : {}) }),
  error() {},
};

t.test(
  'a lone surrogate in an event of the log: projected with U+FFFD, nothing skipped',
  async (t) => {
    await migrateReadModels(db, 'rm_sur');
    const shared = practiceShared(
      { participant: 'bali-process', minute: 1 },
      { ...baliPractice(), title: { en: 'Lone \ud800 surrogate' } },
    );
    const id = idOf(shared);
    const revised = practiceRevised(
      { participant: 'bali-process', id, version: 2, minute: 2 },
      { ...baliPractice(), title: { en: 'v2 \udc00' }, summary: { fr: 'ok' } },
    );
    const fine = publicationReleased({ participant: 'iom', minute: 3 });
    const r = await applyBatchSafely(db, [entry(shared, 1), entry(revised, 2), entry(fine, 3)], {
      schema: 'rm_sur',
      logger,
    });
    t.equal(r.skipped, 0, 'no event skipped');
    t.equal(r.applied, 3);
    t.equal(r.checkpoint, 3);

    const items = await sql<{ title: string; version: number }>`
    select title->>'en' as title, version from rm_sur.items where id = ${id}`.execute(db);
    t.same(items.rows, [{ title: 'v2 \ufffd', version: 2 }], 'the item is there, at v2');
    const events = await sql<{ seq: number; title: string }>`
    select seq::int, envelope->'data'->'title'->>'en' as title from rm_sur.events
    order by seq`.execute(db);
    t.same(
      events.rows.map((e) => e.seq),
      [1, 2, 3],
      'every seq is in the mirror (/v1/events, versions)',
    );
    t.equal(events.rows[0]!.title, 'Lone \ufffd surrogate');
    t.equal(await countRows(db, 'rm_sur', 'item_search'), 2, 'both items are searchable');
    t.ok(
      warnings.some((w) => (w.obj as { seq?: number }).seq === 1 && /U\+FFFD/.test(w.msg ?? '')),
      'the repair is logged with its seq',
    );
  },
);
