import { test } from 'tap';
import { sql } from 'kysely';
import { runStatements } from './statements.ts';
import { freshDb } from './test-support.ts';

test('runStatements: one query, in order, the last statement’s rows', async (t) => {
  const db = await freshDb(t);
  await sql`create table public.s (id int primary key, note text)`.execute(db);
  const rows = await runStatements<{ id: number; note: string }>(db, [
    sql`insert into public.s values (1, ${sql.lit("it's")})`,
    sql`insert into public.s values (2, 'b; c')`,
    sql`select id, note from public.s order by id`,
  ]);
  t.same(rows, [
    { id: 1, note: "it's" },
    { id: 2, note: 'b; c' },
  ]);

  // a transaction begun by one call and ended by another, on one connection
  await db.connection().execute(async (conn) => {
    await runStatements(conn, [sql`begin`, sql`insert into public.s values (3, 'x')`]);
    await runStatements(conn, [sql`update public.s set note = 'y' where id = 3`, sql`rollback`]);
  });
  // a failing statement stops the rest (run in one implicit transaction: none of it stays)
  await t.rejects(
    runStatements(db, [
      sql`insert into public.s values (4, 'z')`,
      sql`select 1 / 0`,
      sql`select 1`,
    ]),
    { code: '22012' },
  );
  const { rows: left } = await sql<{ id: number }>`select id from public.s order by id`.execute(db);
  t.same(
    left.map((r) => r.id),
    [1, 2],
  );
  await t.rejects(
    runStatements(db, [sql`select ${1}`]),
    /take no parameters/,
    'parameters are refused',
  );
});
