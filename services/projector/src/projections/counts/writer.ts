import { sql, type Kysely } from 'kysely';
import type { Database } from '@rcpx/db';
import { chunk } from '../../chunk.ts';
import type { CountCell } from './types.ts';

/**
 * Adds the deltas with one upsert per chunk (`n = counts.n + excluded.n`) and deletes the cells
 * that reach 0.
 */
export async function writeCounts(
  db: Kysely<Database>,
  schema: string,
  deltas: readonly CountCell[],
): Promise<void> {
  const table = sql.table(`${schema}.counts`);
  for (const part of chunk(deltas, 10_000)) {
    const upserted = await sql<CountCell>`
      insert into ${table} as c (dimension, key, audience, n)
      select * from unnest(${part.map((d) => d.dimension)}::text[], ${part.map((d) => d.key)}::text[],
                           ${part.map((d) => d.audience)}::text[], ${part.map((d) => d.n)}::int[])
      on conflict (dimension, key, audience) do update set n = c.n + excluded.n
      returning dimension, key, audience, n`.execute(db);
    const rows = upserted.rows.filter((r) => Number(r.n) <= 0);
    if (rows.length === 0) continue;
    await sql`
      delete from ${table} c
      using unnest(${rows.map((r) => r.dimension)}::text[], ${rows.map((r) => r.key)}::text[],
                   ${rows.map((r) => r.audience)}::text[]) as z(dimension, key, audience)
      where c.dimension = z.dimension and c.key = z.key and c.audience = z.audience and c.n <= 0`.execute(
      db,
    );
  }
}
