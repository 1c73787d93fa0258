import { test } from 'tap';
import { sql, type Kysely } from 'kysely';
import { freshDb } from './test-support.ts';
import { migrateCore, migrateReadModels } from './index.ts';
import type { Database } from './database.ts';

const tablesOf = async (db: Kysely<Database>, schema: string) =>
  (
    await sql<{ name: string }>`select table_name as name from information_schema.tables
      where table_schema = ${schema} order by 1`.execute(db)
  ).rows.map((r) => r.name);

// Services start in any order: a projector may migrate the read models of a fresh database
// before ingest migrates its core tables. The core's migration tables are in `public`; those of
// the read models, of the same names, in their schema must not pass for them.
test('the core migrates after the read models of another schema', async (t) => {
  const db = await freshDb(t);
  await migrateReadModels(db);
  await migrateCore(db);
  const core = await tablesOf(db, 'public');
  t.ok(core.includes('tokens'), 'the core tables are there');
  t.ok(core.includes('kysely_migration'), 'with their own migration table');
  t.ok((await tablesOf(db, 'rm')).includes('items'), 'the read models are untouched');
  await migrateCore(db); // again: nothing to do
});

test('a crowd of services migrating one fresh database at once, in either order', async (t) => {
  const db = await freshDb(t);
  const starts = Array.from({ length: 8 }, (_, i) =>
    i % 2 === 0
      ? migrateCore(db).then(() => migrateReadModels(db))
      : migrateReadModels(db).then(() => migrateCore(db)),
  );
  const results = await Promise.allSettled(starts);
  t.same(
    results.filter((r) => r.status === 'rejected').map((r) => String(r.reason)),
    [],
    'every start migrates',
  );
  t.ok((await tablesOf(db, 'public')).includes('subscriptions'));
  t.ok((await tablesOf(db, 'rm')).includes('events'));
});
