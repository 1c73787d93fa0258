import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { createDb } from './create-db.ts';

const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A pool on a new, empty database, dropped at teardown (this package's tests). */
export async function freshDb(t: { teardown(fn: () => unknown): void }) {
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
  return db;
}
