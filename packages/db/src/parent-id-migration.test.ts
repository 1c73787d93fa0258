import { randomUUID } from 'node:crypto';
import { test } from 'tap';
import { sql, type Kysely } from 'kysely';
import * as parentId from './migrations/read-models/2026-12-05T2200-events-parent-id.ts';
import { freshDb } from './test-support.ts';
import { migrateReadModels } from './index.ts';

test('events mirrored before: parent_id backfilled from the subject, indexed', async (t) => {
  const db = await freshDb(t);
  await migrateReadModels(db);
  const rm = db.withSchema('rm') as Kysely<unknown>;
  await parentId.down(rm);
  const [practice, adoption, item] = [randomUUID(), randomUUID(), randomUUID()];
  const subjects = [
    `practices/${practice}`,
    `practices/${practice.toUpperCase()}/adoptions/${adoption}`,
    `requests/${item}`,
    `practices/not-a-uuid/adoptions/${adoption}`,
    `practices/${practice}/adoptions/${adoption}/more/${item}`,
  ];
  for (const [i, subject] of subjects.entries()) {
    const envelope = JSON.stringify({ subject, data: {} });
    await sql`insert into rm.events (seq, id, type, kind, item_id, participant, themes,
        vis_level, vis_rcps, time, envelope)
      values (${i + 1}, ${randomUUID()}, 'org.rcpx.x', 'practice', ${item}, 'apc', '{}',
        'public', '{}', now(), ${envelope}::jsonb)`.execute(db);
  }
  await parentId.up(rm);
  const { rows } = await sql<{ parent_id: string | null }>`
    select parent_id from rm.events order by seq`.execute(db);
  t.same(
    rows.map((r) => r.parent_id),
    [null, practice, null, null, null],
    'the first uuid of a nested subject, lower case; null otherwise',
  );
  const indexes = await sql<{ indexname: string }>`select indexname from pg_indexes
    where schemaname = 'rm' and tablename = 'events' order by indexname`.execute(db);
  const names = indexes.rows.map((r) => r.indexname);
  t.ok(names.includes('events_parent_id'));
  t.notOk(names.includes('events_parent'), 'the expression index is gone');
});
