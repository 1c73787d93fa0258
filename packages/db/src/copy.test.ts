import { test } from 'tap';
import { randomUUID as randomUuid } from 'node:crypto';
import { sql } from 'kysely';
import {
  COPY_MIN_ROWS,
  copyRows,
  copyText,
  jsonText,
  replaceRows,
  toCopyText,
  upsertRows,
} from './copy.ts';
import { freshDb } from './test-support.ts';

test('toCopyText: COPY text format, escaped, NUL dropped', async (t) => {
  t.equal(
    toCopyText([
      [1, 'a\tb\nc\\d\re', null, undefined, true],
      [
        new Date('2026-11-27T10:00:00Z'),
        ['x', 'y "q"', 'b\\s', null],
        { k: 'v\u0000w' },
        'n\u0000ul',
        2n,
      ],
    ]),
    '1\ta\\tb\\nc\\\\d\\re\t\\N\t\\N\ttrue\n' +
      '2026-11-27T10:00:00.000Z\t{"x","y \\\\"q\\\\"","b\\\\\\\\s",NULL}\t{"k":"vw"}\tnul\t2\n',
  );
  t.equal(toCopyText([]), '');
});

test('copyRows: inside a transaction, every kind of value round trips', async (t) => {
  const db = await freshDb(t);
  await sql`create schema "s-1"`.execute(db);
  await sql`create table "s-1".t (id int primary key, txt text, tags text[], doc jsonb, at timestamptz)`.execute(
    db,
  );
  const target = { schema: 's-1', table: 't', columns: ['id', 'txt', 'tags', 'doc', 'at'] };
  const awkward = 'tab\there, line\nbreak, back\\slash, quote " and \u0000nul, é ✓';
  const doc = { title: { en: awkward }, list: [1, 'two', null], nested: { a: '\\' } };

  t.equal(await copyRows(db, target, []), 0, 'no rows: no statement');
  await db.transaction().execute(async (trx) => {
    t.equal(
      await copyRows(trx, target, [
        [1, awkward, ['a', 'b,c', 'd "e"', 'f\\g', '{h}'], doc, new Date('2026-01-02T03:04:05Z')],
        [2, null, [], null, null],
      ]),
      2,
    );
    // the transaction sees them and goes on with ordinary statements
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from "s-1".t`.execute(trx);
    t.equal(rows[0]!.n, 2);
  });
  const { rows } = await sql<{
    id: number;
    txt: string | null;
    tags: string[];
    doc: unknown;
    at: Date | null;
  }>`select * from "s-1".t order by id`.execute(db);
  t.same(rows[0], {
    id: 1,
    txt: awkward.replace('\u0000', ''),
    tags: ['a', 'b,c', 'd "e"', 'f\\g', '{h}'],
    doc: { ...doc, title: { en: awkward.replace('\u0000', '') } },
    at: new Date('2026-01-02T03:04:05Z'),
  });
  t.same(rows[1], { id: 2, txt: null, tags: [], doc: null, at: null });
});

test('copyRows: a few rows (one INSERT) and many (COPY) store the same values', async (t) => {
  const db = await freshDb(t);
  const columns = ['id', 'txt', 'tags', 'doc', 'raw', 'at', 'n', 'flag'];
  for (const table of ['few', 'many']) {
    await sql`create table ${sql.table(`public.${table}`)} (id int primary key, txt text,
      tags text[], doc jsonb, raw jsonb, at timestamptz, n bigint, flag boolean)`.execute(db);
  }
  const awkward = "tab\there, line\nbreak, back\\slash, quote \" and \u0000nul, 'single', é ✓";
  const row = (id: number) => [
    id,
    id % 3 === 0 ? null : `${awkward} ${id}`,
    id % 4 === 0 ? [] : ['a', 'b,c', 'd "e"', 'f\\g', '{h}', null, `x\u0000${id}`],
    id % 5 === 0 ? null : { k: awkward, list: [1, 'two', null], nested: { a: '\\' } },
    jsonText(`{\n\t"a": "b\\\\c", "n": ${id}.50, "z": "\\u0000"}`),
    new Date(Date.UTC(2026, 0, 1 + id)),
    2n ** 40n + BigInt(id),
    id % 2 === 0,
  ];
  const rows = Array.from({ length: COPY_MIN_ROWS + 1 }, (_, i) => row(i + 1));
  // the same rows, COPY_MIN_ROWS at a time (INSERTs) and all at once (COPY)
  for (let i = 0; i < rows.length; i += COPY_MIN_ROWS) {
    await copyRows(
      db,
      { schema: 'public', table: 'few', columns },
      rows.slice(i, i + COPY_MIN_ROWS),
    );
  }
  await copyRows(db, { schema: 'public', table: 'many', columns }, rows);
  const read = async (table: string) =>
    (await sql`select * from ${sql.table(`public.${table}`)} order by id`.execute(db)).rows;
  const few = await read('few');
  t.equal(few.length, rows.length);
  t.same(few, await read('many'));
  t.same(few[0], {
    id: 1,
    txt: `${awkward.replace('\u0000', '')} 1`,
    tags: ['a', 'b,c', 'd "e"', 'f\\g', '{h}', null, 'x1'],
    doc: { k: awkward.replace('\u0000', ''), list: [1, 'two', null], nested: { a: '\\' } },
    raw: { a: 'b\\c', n: 1.5, z: '' },
    at: new Date(Date.UTC(2026, 0, 2)),
    n: String(2n ** 40n + 1n),
    flag: false,
  });
  await t.rejects(
    copyRows(db, { schema: 'public', table: 'few', columns }, [row(1)]),
    { code: '23505' },
    'a duplicate key fails the INSERT as it fails a COPY',
  );
});

test('copyRows: a rolled back transaction keeps nothing; a refused COPY fails with its code', async (t) => {
  const db = await freshDb(t);
  await sql`create table public.t (id int primary key, doc jsonb)`.execute(db);
  const target = { schema: 'public', table: 't', columns: ['id', 'doc'] };

  await t.rejects(
    db.transaction().execute(async (trx) => {
      await copyRows(trx, target, [[1, { a: 1 }]]);
      throw new Error('roll back');
    }),
    { message: 'roll back' },
  );
  await copyRows(db, target, [[2, { a: 2 }]]);
  await t.rejects(
    copyRows(db, target, [
      [3, {}],
      [2, {}],
    ]),
    { code: '23505' },
    'duplicate key',
  );
  await t.rejects(copyRows(db, target, [['x', {}]]), { code: '22P02' }, 'bad integer');
  // the connections are usable after a refusal; nothing of the refused statements is there
  const { rows } = await sql<{ id: number }>`select id from public.t order by id`.execute(db);
  t.same(rows, [{ id: 2 }]);
  // an ordinary statement with one text parameter is not taken for a COPY
  const echo = await sql<{ v: string }>`select ${'copy x from stdin'}::text as v`.execute(db);
  t.equal(echo.rows[0]!.v, 'copy x from stdin');
});

test('jsonText goes as its own text; copyText takes rows already as COPY text', async (t) => {
  const pretty = '{\n\t"a": "b\\\\c",\n\t"n": 1.50\n}';
  t.equal(
    toCopyText([[jsonText(pretty)], [jsonText('{"k":"v\\u0000w"}')]]),
    '{\\n\\t"a": "b\\\\\\\\c",\\n\\t"n": 1.50\\n}\n{"k":"vw"}\n',
    'whitespace and backslashes escaped; a \\u0000 escape (refused by jsonb) dropped',
  );
  const db = await freshDb(t);
  await sql`create table public.j (id int primary key, doc jsonb)`.execute(db);
  const target = { schema: 'public', table: 'j', columns: ['id', 'doc'] };
  await copyRows(db, target, [
    [1, jsonText(pretty)],
    [2, jsonText('{"k":"v\\u0000w"}')],
  ]);
  await copyText(db, target, toCopyText([[3, { x: [1] }]]));
  await copyText(db, target, '');
  const { rows } = await sql<{
    id: number;
    doc: unknown;
  }>`select * from public.j order by id`.execute(db);
  t.same(rows, [
    { id: 1, doc: { a: 'b\\c', n: 1.5 } },
    { id: 2, doc: { k: 'vw' } },
    { id: 3, doc: { x: [1] } },
  ]);
});

test('upsertRows: new keys inserted, taken keys replaced, in one statement', async (t) => {
  const db = await freshDb(t);
  await sql`create table public.u (id int primary key, txt text, tags text[],
    words tsvector generated always as (to_tsvector('simple', coalesce(txt, ''))) stored)`.execute(
    db,
  );
  const target = { schema: 'public', table: 'u', columns: ['id', 'txt', 'tags'] };
  t.equal(await upsertRows(db, target, 'id', []), 0);
  await upsertRows(db, target, 'id', [
    [1, 'one', ['a']],
    [2, 'two', []],
  ]);
  await upsertRows(db, target, 'id', [
    [2, 'deux\tdos', null],
    [3, null, ['c', 'd "e"']],
  ]);
  const { rows } =
    await sql`select id, txt, tags, words::text as words from public.u order by id`.execute(db);
  t.same(rows, [
    { id: 1, txt: 'one', tags: ['a'], words: "'one':1" },
    { id: 2, txt: 'deux\tdos', tags: null, words: "'deux':1 'dos':2" },
    { id: 3, txt: null, tags: ['c', 'd "e"'], words: '' },
  ]);
  await t.rejects(
    upsertRows(db, target, 'id', [
      [4, 'x', []],
      [4, 'y', []],
    ]),
    { code: '21000' },
    'the same key twice in one statement fails it',
  );
});

test('replaceRows: a few rows upserted, many deleted by key then copied; the same result', async (t) => {
  const db = await freshDb(t);
  for (const table of ['few', 'many']) {
    await sql`create table ${sql.table(`public.${table}`)} (id uuid primary key, txt text)`.execute(
      db,
    );
  }
  const ids = Array.from(
    { length: COPY_MIN_ROWS + 1 },
    (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  );
  const replaced = COPY_MIN_ROWS - 1;
  for (const table of ['few', 'many']) {
    const target = { schema: 'public', table, columns: ['id', 'txt'] };
    await copyRows(
      db,
      target,
      ids.map((id) => [id, 'old']),
    );
    // all but two replaced, the rest untouched, one new row: `few` writes COPY_MIN_ROWS rows
    // (one upsert), `many` every row (DELETE, then COPY)
    const next = [...ids.slice(0, replaced).map((id) => [id, 'new']), [randomUuid(), 'added']];
    const rows =
      table === 'few' ? next : [...next, ...ids.slice(replaced).map((id) => [id, 'old'])];
    const taken = rows.map((r) => r[0]);
    t.equal(await replaceRows(db, target, 'id', rows, taken), rows.length);
  }
  const read = async (table: string) =>
    (
      await sql<{ txt: string; n: number }>`select txt, count(*)::int as n
      from ${sql.table(`public.${table}`)} group by txt order by txt`.execute(db)
    ).rows;
  t.same(await read('few'), [
    { txt: 'added', n: 1 },
    { txt: 'new', n: replaced },
    { txt: 'old', n: COPY_MIN_ROWS + 1 - replaced },
  ]);
  t.same(await read('many'), await read('few'));
});
