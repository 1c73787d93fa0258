import { randomUUID } from 'node:crypto';
import { test } from 'tap';
import { sql } from 'kysely';
import {
  createDb,
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

const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

test('migrations, tokens and the SQL visibility rule', async (t) => {
  const name = `t_db_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const admin = createDb(base, { max: 1 });
  await sql`create database ${sql.id(name)}`.execute(admin);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const db = createDb(url.toString());
  t.teardown(async () => {
    await db.destroy();
    await sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin);
    await admin.destroy();
  });

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
    text_en: 'labour recruitment fees',
    text_fr: '',
    text_es: '',
    text_any: '',
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

  const hit = await rm
    .selectFrom('items')
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
