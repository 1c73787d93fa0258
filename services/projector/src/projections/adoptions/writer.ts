import { sql, type Kysely } from 'kysely';
import { copyRows, type Database } from '@rcpx/db';
import { chunk } from '../../chunk.ts';
import type { AdoptionRecord, AdoptionState, PracticeAudience } from './types.ts';

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
const PRACTICE = ['practice_vis_level', 'practice_vis_rcps', 'practice_themes'] as const;
const LATEST = ['id', ...COMMON, 'seq', 'created_at', 'updated_at', ...PRACTICE] as const;
const ARRAYS: ReadonlySet<string> = new Set([
  'themes',
  'vis_rcps',
  'practice_vis_rcps',
  'practice_themes',
]);
/** Rows per statement (parameters stay far below Postgres's 65,535). */
const ROWS_PER_STATEMENT = 1_000;

const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));

/**
 * Writes the audience and themes a batch leaves its practices with into
 * `<rm>.adoption_practices`, and onto the adoption rows of those practices.
 */
export async function writePracticeAudiences(
  db: Kysely<Database>,
  schema: string,
  audiences: readonly PracticeAudience[],
): Promise<void> {
  if (audiences.length === 0) return;
  const t = sql.table(`${schema}.adoption_practices`);
  for (const slice of chunk(audiences, ROWS_PER_STATEMENT)) {
    const values = sql.join(
      slice.map(
        (a) => sql`(${a.id}::uuid, ${a.vis_level}, ${a.vis_rcps}::text[], ${a.themes}::text[])`,
      ),
    );
    // one statement: the audiences, then the adoptions of those practices that they change
    await sql`with p as (
        insert into ${t} (id, vis_level, vis_rcps, themes) values ${values}
        on conflict (id) do update set vis_level = excluded.vis_level,
          vis_rcps = excluded.vis_rcps, themes = excluded.themes
        returning id, vis_level, vis_rcps, themes
      )
      update ${sql.table(`${schema}.adoptions`)} a
      set practice_vis_level = p.vis_level, practice_vis_rcps = p.vis_rcps,
        practice_themes = p.themes
      from p
      where p.id = a.practice_id
        and (a.practice_vis_level, a.practice_vis_rcps, a.practice_themes)
          is distinct from (p.vis_level, p.vis_rcps, p.themes)`.execute(db);
  }
}

/** The audiences `<rm>.adoption_practices` holds for `ids`. */
async function loadPracticeAudiences(
  db: Kysely<Database>,
  schema: string,
  ids: readonly string[],
): Promise<Map<string, PracticeAudience>> {
  const { rows } = await sql<PracticeAudience>`select id, vis_level, vis_rcps, themes
    from ${sql.table(`${schema}.adoption_practices`)}
    where id = any(${[...new Set(ids)]}::uuid[])`.execute(db);
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * Writes a batch's adoptions: every record into the history (COPY), and the latest record of
 * each adoption over the one in the table, unless the table's is later (a redelivery), with its
 * practice's current audience and themes (run `writePracticeAudiences` of the batch first).
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
  if (states.length === 0) return;
  const practices = await loadPracticeAudiences(
    db,
    schema,
    states.map((s) => s.latest.practice_id),
  );
  const rows = states.map(({ latest: r, created }) => {
    // a practice the projection never saw (not in a valid log): the adoption's own audience
    const p = practices.get(r.practice_id);
    return {
      id: r.id,
      ...Object.fromEntries(COMMON.map((c) => [c, c === 'note' ? json(r.note) : r[c]])),
      seq: r.seq,
      created_at: created ?? r.time,
      updated_at: r.time,
      practice_vis_level: p?.vis_level ?? r.vis_level,
      practice_vis_rcps: p?.vis_rcps ?? r.vis_rcps,
      practice_themes: p?.themes ?? r.themes,
    };
  });
  const t = sql.table(`${schema}.adoptions`);
  const cols = sql.join(LATEST.map((c) => sql.ref(c)));
  const updates = sql.join(
    LATEST.filter((c) => c !== 'id' && c !== 'created_at').map(
      (c) => sql`${sql.ref(c)} = excluded.${sql.ref(c)}`,
    ),
  );
  // in slices: one statement of a large batch would pass Postgres's 65,535 parameters
  for (const slice of chunk(rows, ROWS_PER_STATEMENT)) {
    const values = sql.join(
      slice.map(
        (r) =>
          sql`(${sql.join(
            LATEST.map((c) => {
              const v = (r as Record<string, unknown>)[c];
              if (ARRAYS.has(c)) return sql`${v}::text[]`;
              if (c === 'note') return sql`${v}::jsonb`;
              return sql`${v}`;
            }),
          )})`,
      ),
    );
    await sql`insert into ${t} (${cols}) values ${values}
      on conflict (id) do update set ${updates} where ${t}.seq < excluded.seq`.execute(db);
  }
}
