import { sql, type Kysely } from 'kysely';
import { copyRows, type Database } from '@rcpx/db';
import type { AdoptionRecord, AdoptionState } from './types.ts';

const COMMON = [
  'practice_id',
  'practice_owner',
  'participant',
  'stage',
  'note',
  'local_practice',
  'themes',
  'vis_level',
  'vis_rcps',
  'version',
] as const satisfies readonly (keyof AdoptionRecord)[];

const HISTORY = ['seq', 'adoption_id', ...COMMON, 'time'] as const;
const LATEST = ['id', ...COMMON, 'seq', 'created_at', 'updated_at'] as const;

const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));

/**
 * Writes a batch's adoptions: every record into the history (COPY), and the latest record of
 * each adoption over the one in the table, unless the table's is later (a redelivery).
 */
export async function writeAdoptions(
  db: Kysely<Database>,
  schema: string,
  states: readonly AdoptionState[],
): Promise<void> {
  const history = states.flatMap((s) => s.records);
  await copyRows(
    db,
    { schema, table: 'adoption_history', columns: HISTORY },
    history.map((r) =>
      HISTORY.map((c) =>
        c === 'adoption_id'
          ? r.id
          : c === 'note'
            ? json(r.note)
            : r[c as Exclude<(typeof HISTORY)[number], 'adoption_id'>],
      ),
    ),
  );
  const rows = states.map(({ latest: r, created }) => ({
    id: r.id,
    ...Object.fromEntries(COMMON.map((c) => [c, c === 'note' ? json(r.note) : r[c]])),
    seq: r.seq,
    created_at: created ?? r.time,
    updated_at: r.time,
  }));
  if (rows.length === 0) return;
  const t = sql.table(`${schema}.adoptions`);
  const cols = sql.join(LATEST.map((c) => sql.ref(c)));
  const values = sql.join(
    rows.map(
      (r) =>
        sql`(${sql.join(
          LATEST.map((c) => {
            const v = (r as Record<string, unknown>)[c];
            if (c === 'themes' || c === 'vis_rcps') return sql`${v}::text[]`;
            if (c === 'note') return sql`${v}::jsonb`;
            return sql`${v}`;
          }),
        )})`,
    ),
  );
  const updates = sql.join(
    LATEST.filter((c) => c !== 'id' && c !== 'created_at').map(
      (c) => sql`${sql.ref(c)} = excluded.${sql.ref(c)}`,
    ),
  );
  await sql`insert into ${t} (${cols}) values ${values}
    on conflict (id) do update set ${updates} where ${t}.seq < excluded.seq`.execute(db);
}
