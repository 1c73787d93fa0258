import { sql, type Kysely } from 'kysely';
import type { Database } from '@rcpx/db';

// Test helpers over the read-model tables.

export const READ_MODEL_TABLES = ['checkpoint', 'items', 'item_search', 'events', 'counts'];

const ORDER: Record<string, string> = {
  checkpoint: 'name',
  items: 'id',
  item_search: 'id',
  events: 'seq',
  counts: 'dimension, key, audience',
};

/** Every row of every read-model table of `schema`, as JSON, in a stable order. */
export async function dumpReadModels(
  db: Kysely<Database>,
  schema: string,
): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of READ_MODEL_TABLES) {
    const { rows } = await sql<{ row: unknown }>`select to_jsonb(t) as row
      from ${sql.table(`${schema}.${table}`)} t order by ${sql.raw(ORDER[table]!)}`.execute(db);
    out[table] = rows.map((r) => r.row);
  }
  return out;
}

/** Per table, the rows one schema has and the other has not (both ways, with multiplicity). */
export async function schemaDiff(
  db: Kysely<Database>,
  a: string,
  b: string,
): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of READ_MODEL_TABLES) {
    const ta = sql.table(`${a}.${table}`);
    const tb = sql.table(`${b}.${table}`);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from (
      (select * from ${ta} except all select * from ${tb})
      union all
      (select * from ${tb} except all select * from ${ta})) d`.execute(db);
    out[table] = rows[0]!.n;
  }
  return out;
}

/** Row count of `<schema>.<table>`. */
export async function countRows(
  db: Kysely<Database>,
  schema: string,
  table: string,
): Promise<number> {
  const { rows } = await sql<{
    n: number;
  }>`select count(*)::int as n from ${sql.table(`${schema}.${table}`)}`.execute(db);
  return rows[0]!.n;
}

/** Rows where the counts table disagrees with the active items (per dimension/key/audience). */
export async function countsDrift(db: Kysely<Database>, schema: string): Promise<number> {
  const items = sql.table(`${schema}.items`);
  const counts = sql.table(`${schema}.counts`);
  const { rows } = await sql<{ n: number }>`
    with active as (
      select i.*, array['all'] ||
        case when vis_level = 'public' then array['public']
             else array(select distinct 'p:' || p from unnest(participant || vis_rcps) p) end
        as audiences
      from ${items} i where status = 'active'),
    cells as (
      select 'kind' as dimension, kind as key, a as audience from active, unnest(audiences) a
      union all
      select 'participant', participant, a from active, unnest(audiences) a
      union all
      select 'theme', t, a from active, unnest(themes) t, unnest(audiences) a),
    expected as (select dimension, key, audience, count(*)::int as n from cells group by 1, 2, 3)
    select count(*)::int as n from expected e
    full join ${counts} c using (dimension, key, audience)
    where e.n is distinct from c.n`.execute(db);
  return rows[0]!.n;
}

/** Items and searchable texts that do not pair up (one row each per id, the same title). */
export async function searchDrift(db: Kysely<Database>, schema: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n
    from ${sql.table(`${schema}.items`)} i full join ${sql.table(`${schema}.item_search`)} s using (id)
    where i.title is distinct from s.title`.execute(db);
  return rows[0]!.n;
}
