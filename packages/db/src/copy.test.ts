import { test } from 'tap';
import { sql } from 'kysely';
import { copyRows, copyText, jsonText, toCopyText } from './copy.ts';
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
