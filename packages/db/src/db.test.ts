import { randomUUID } from 'node:crypto';
import { test } from 'tap';
import { Migrator, sql, type Kysely } from 'kysely';
import * as firstReadModels from './migrations/read-models/2026-11-27T1600-read-models.ts';
import { freshDb } from './test-support.ts';
import {
  generateToken,
  hashToken,
  insertToken,
  findTokenByHash,
  migrateCore,
  migrateReadModels,
  readModels,
  revokeToken,
  visibleTo,
} from './index.ts';
import type { Reader } from '@rcpx/contracts';

test('migrations, tokens and the SQL visibility rule', async (t) => {
  const db = await freshDb(t);

  await migrateCore(db);
  await migrateCore(db); // idempotent
  await Promise.all([migrateReadModels(db), migrateReadModels(db, 'rm_next')]);

  const token = generateToken();
  const row = await insertToken(db, {
    participant: 'bali-process',
    role: 'publisher',
    hash: hashToken(token),
  });
  t.equal((await findTokenByHash(db, hashToken(token)))?.id, row.id);
  t.ok(await revokeToken(db, row.id));
  t.notOk(await revokeToken(db, row.id), 'second revoke is a no-op');
  t.equal(await findTokenByHash(db, hashToken(token)), undefined);

  const rm = readModels(db);
  const now = new Date();
  const item = (
    id: string,
    participant: string,
    vis_level: 'public' | 'members' | 'rcps',
    vis_rcps: string[],
  ) => ({
    id,
    kind: 'practice',
    participant,
    version: 1,
    status: 'active' as const,
    themes: ['trafficking'],
    countries: [],
    vis_level,
    vis_rcps,
    title: JSON.stringify({ en: `Item ${id}` }),
    summary: null,
    data: '{}',
    created_seq: 1,
    updated_seq: 1,
    created_at: now,
    updated_at: now,
  });
  const ids = [randomUUID(), randomUUID(), randomUUID()] as const;
  await rm
    .insertInto('items')
    .values([
      item(ids[0], 'bali-process', 'public', []),
      item(ids[1], 'bali-process', 'members', []),
      item(ids[2], 'bali-process', 'rcps', ['colombo-process']),
    ])
    .execute();
  const visible = async (reader: Reader) =>
    (await rm.selectFrom('items').select('id').where(visibleTo(reader)).execute())
      .map((r) => r.id)
      .sort();
  t.same(await visible({ kind: 'anonymous' }), [ids[0]]);
  t.same(await visible({ kind: 'admin' }), [...ids].sort());
  t.same(
    await visible({
      kind: 'participant',
      participant: 'bali-process',
      role: 'reader',
      tokenId: 'x',
    }),
    [...ids].sort(),
  );
  t.same(
    await visible({
      kind: 'participant',
      participant: 'colombo-process',
      role: 'reader',
      tokenId: 'x',
    }),
    [ids[0], ids[2]].sort(),
  );
  t.same(await visible({ kind: 'participant', participant: 'iom', role: 'reader', tokenId: 'x' }), [
    ids[0],
  ]);

  await rm
    .insertInto('item_search')
    .values(
      ids.map((id) => ({
        id,
        title: JSON.stringify({ en: `Item ${id}` }),
        text_en: 'labour recruitment fees',
        text_fr: '',
        text_es: '',
        text_any: '',
      })),
    )
    .execute();
  const hit = await rm
    .selectFrom('item_search')
    .select('id')
    .where(sql<boolean>`search @@ websearch_to_tsquery('english', 'recruitment fee')`)
    .execute();
  t.equal(hit.length, 3, 'english stemming finds "fee" in "fees"');
  t.equal(
    typeof (await rm.selectFrom('items').select('created_seq').executeTakeFirstOrThrow())
      .created_seq,
    'number',
  );
});

test('read models projected before the split keep their text and checkpoint', async (t) => {
  const db = await freshDb(t);

  // the read models as the first migration left them, with one item projected up to seq 42
  await sql`create schema rm`.execute(db);
  const first = new Migrator({
    db: db.withSchema('rm') as Kysely<unknown>,
    provider: {
      getMigrations: async () => ({ '2026-11-27T1600-read-models': firstReadModels }),
    },
    migrationTableSchema: 'rm',
  });
  t.notOk((await first.migrateToLatest()).error);
  const id = randomUUID();
  await sql`insert into rm.items (id, kind, participant, version, status, themes, vis_level,
      title, data, text_en, text_any, created_seq, updated_seq, created_at, updated_at)
    values (${id}, 'practice', 'bali-process', 1, 'active', '{trafficking}', 'public',
      '{"en":"Joint screening"}', '{}', 'labour recruitment fees', 'Colombo', 42, 42, now(), now())`.execute(
    db,
  );
  await sql`insert into rm.checkpoint (name, seq) values ('projector', 42)`.execute(db);

  await migrateReadModels(db);
  const { rows: checkpoints } = await sql<{
    name: string;
    seq: number;
  }>`select name, seq from rm.checkpoint order by name`.execute(db);
  t.same(checkpoints, [
    { name: 'events', seq: 42 },
    { name: 'items', seq: 42 },
    { name: 'memberships', seq: 42 },
    { name: 'search', seq: 42 },
  ]);
  const { rows: hits } = await sql<{ id: string }>`select id from rm.item_search
    where search @@ websearch_to_tsquery('english', 'recruitment fee')
      and search @@ websearch_to_tsquery('simple', 'colombo')
      and search @@ websearch_to_tsquery('english', 'screening')`.execute(db);
  t.same(hits, [{ id }]);
  const { rows: gone } = await sql<{ n: number }>`select count(*)::int as n
    from information_schema.columns where table_schema = 'rm'
      and (table_name = 'item_versions' or column_name in ('search', 'text_en'))
      and table_name <> 'item_search'`.execute(db);
  t.equal(gone[0]!.n, 0, 'no item_versions, no text on items');

  await migrateReadModels(db, 'rm_fresh');
  const { rows: fresh } = await sql<{
    name: string;
    seq: number;
  }>`select name, seq from rm_fresh.checkpoint order by name`.execute(db);
  t.same(
    fresh.map((r) => `${r.name}=${r.seq}`),
    ['events=0', 'items=0', 'memberships=0', 'search=0'],
    'a fresh schema starts every projection at 0',
  );
});
