import { Migrator, sql, type Kysely, type Migration } from 'kysely';
import { coreMigrations } from './migrations/core/index.ts';
import { readModelMigrations } from './migrations/read-models/index.ts';
import type { Database } from './database.ts';

async function run(
  db: Kysely<unknown>,
  migrations: Record<string, Migration>,
  schema?: string,
): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
}

/** Brings the `public` schema (tokens, subscriptions, …) to the latest migration. */
export async function migrateCore(db: Kysely<Database>): Promise<void> {
  await run(db as Kysely<unknown>, coreMigrations, 'public');
}

/** Creates/updates the read-model tables inside `schema` (default `rm`). */
export async function migrateReadModels(db: Kysely<Database>, schema = 'rm'): Promise<void> {
  await sql`create schema if not exists ${sql.id(schema)}`.execute(db).catch(async (err) => {
    // Two processes creating the schema at once: the loser sees a unique violation.
    const exists = await sql<{
      n: number;
    }>`select 1 as n from pg_namespace where nspname = ${schema}`.execute(db);
    if (exists.rows.length === 0) throw err;
  });
  await run(db.withSchema(schema) as Kysely<unknown>, readModelMigrations, schema);
}

/** The read models of `schema` (default `rm`). */
export function readModels(db: Kysely<Database>, schema = 'rm'): Kysely<Database> {
  return db.withSchema(schema);
}
