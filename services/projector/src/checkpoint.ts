import { sql, type Kysely } from 'kysely';
import type { Database } from '@rcpx/db';

/**
 * The checkpoint of the read models in `schema`: the minimum over its projections' rows (0
 * before the first batch). Every seq up to it is applied by every projection.
 */
export async function readCheckpoint(db: Kysely<Database>, schema: string): Promise<number> {
  const { rows } = await sql<{ seq: number | null }>`select min(seq) as seq
    from ${sql.table(`${schema}.checkpoint`)}`.execute(db);
  return Number(rows[0]?.seq ?? 0);
}

/** Each projection's checkpoint in `schema`, by name. */
export async function readCheckpoints(
  db: Kysely<Database>,
  schema: string,
): Promise<Record<string, number>> {
  const { rows } = await sql<{ name: string; seq: number }>`select name, seq
    from ${sql.table(`${schema}.checkpoint`)}`.execute(db);
  return Object.fromEntries(rows.map((r) => [r.name, Number(r.seq)]));
}
