import { sql, type Kysely } from 'kysely';
import { CHECKPOINT_CHANNEL } from './checkpoint-notices.ts';
import type { Database } from './database.ts';
import { readModels } from './migrate.ts';

/**
 * The select of the read models' checkpoint in `schema` (the minimum over the projections'
 * rows; null before any row), to run or to embed in a statement.
 */
export function readModelsCheckpointQuery(db: Kysely<Database>, schema = 'rm') {
  return readModels(db, schema)
    .selectFrom('checkpoint')
    .select((eb) => eb.fn.min('seq').as('seq'));
}

/**
 * The read models' checkpoint in `schema`: the minimum over its projections' checkpoint rows
 * (committed with the projections' changes; a projection added later is behind until it catches
 * up), so every seq up to it is in every read model. 0 before the first batch.
 */
export async function readModelsCheckpoint(db: Kysely<Database>, schema = 'rm'): Promise<number> {
  const row = await readModelsCheckpointQuery(db, schema).executeTakeFirst();
  return Number(row?.seq ?? 0);
}

/** Each projection's checkpoint in `schema`, by name. */
export async function readProjectionCheckpoints(
  db: Kysely<Database>,
  schema = 'rm',
): Promise<Record<string, number>> {
  const rows = await readModels(db, schema).selectFrom('checkpoint').selectAll().execute();
  return Object.fromEntries(rows.map((r) => [r.name, Number(r.seq)]));
}

/**
 * The statement announcing the read models' checkpoint in `schema` as committed (or as its
 * transaction sees it) on `rcpx_checkpoint` (payload `<schema> <seq>`): the `minSeq` waiters of
 * that schema wake, and need not read it again. It takes no parameters (`runStatements`).
 */
export function notifyCheckpointStatement(db: Kysely<Database>, schema = 'rm') {
  const at = readModelsCheckpointQuery(db, schema);
  return sql`select pg_notify(${sql.lit(CHECKPOINT_CHANNEL)}, ${sql.lit(schema)} || ' ' || coalesce((${at}), 0))`;
}

/** Runs `notifyCheckpointStatement`. */
export async function notifyCheckpoint(db: Kysely<Database>, schema = 'rm'): Promise<void> {
  await notifyCheckpointStatement(db, schema).execute(db);
}
