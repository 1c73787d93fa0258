import { sql, type Kysely } from 'kysely';
import { readModels, type Database } from '@rcpx/db';
import type { QueryState, ReplyState } from './types.ts';

const iso = (d: Date | string | null): string | null =>
  d === null ? null : d instanceof Date ? d.toISOString() : d;

/** The rows of `ids` (those that exist) of `<rm>.queries`. */
export async function loadQueries(
  db: Kysely<Database>,
  schema: string,
  ids: readonly string[],
): Promise<Map<string, QueryState>> {
  const out = new Map<string, QueryState>();
  if (ids.length === 0) return out;
  const rows = await readModels(db, schema)
    .selectFrom('queries')
    .select([
      'id',
      'participant',
      'status',
      'title',
      'questions',
      'themes',
      'addressees',
      'repliers',
      sql<string>`deadline::text`.as('deadline'),
      'vis_level',
      'vis_rcps',
      'version',
      'launched_seq',
      'updated_seq',
      'created_at',
      'closed_at',
      'closed_by',
      'text_en',
      'text_fr',
      'text_es',
    ])
    .where('id', 'in', ids)
    .execute();
  for (const r of rows) {
    out.set(r.id, {
      ...r,
      title: r.title as Record<string, string>,
      questions: r.questions as unknown[],
      created_at: iso(r.created_at)!,
      closed_at: iso(r.closed_at),
    });
  }
  return out;
}

/** The rows of `ids` (those that exist) of `<rm>.query_replies`. */
export async function loadReplies(
  db: Kysely<Database>,
  schema: string,
  ids: readonly string[],
): Promise<Map<string, ReplyState>> {
  const out = new Map<string, ReplyState>();
  if (ids.length === 0) return out;
  const rows = await readModels(db, schema)
    .selectFrom('query_replies')
    .selectAll()
    .where('id', 'in', ids)
    .execute();
  for (const { search: _search, ...r } of rows) {
    out.set(r.id, {
      ...r,
      answers: r.answers as unknown[],
      created_at: iso(r.created_at)!,
      updated_at: iso(r.updated_at)!,
    });
  }
  return out;
}

/** Inserts or replaces query rows. */
export async function writeQueries(
  db: Kysely<Database>,
  schema: string,
  rows: readonly QueryState[],
): Promise<void> {
  if (rows.length === 0) return;
  await readModels(db, schema)
    .insertInto('queries')
    .values(
      rows.map((r) => ({
        ...r,
        title: JSON.stringify(r.title),
        questions: JSON.stringify(r.questions),
        created_at: new Date(r.created_at),
        closed_at: r.closed_at === null ? null : new Date(r.closed_at),
      })),
    )
    .onConflict((oc) =>
      oc.column('id').doUpdateSet((eb) => ({
        status: eb.ref('excluded.status'),
        repliers: eb.ref('excluded.repliers'),
        version: eb.ref('excluded.version'),
        updated_seq: eb.ref('excluded.updated_seq'),
        closed_at: eb.ref('excluded.closed_at'),
        closed_by: eb.ref('excluded.closed_by'),
      })),
    )
    .execute();
}

/** Inserts or replaces reply rows. */
export async function writeReplies(
  db: Kysely<Database>,
  schema: string,
  rows: readonly ReplyState[],
): Promise<void> {
  if (rows.length === 0) return;
  await readModels(db, schema)
    .insertInto('query_replies')
    .values(
      rows.map((r) => ({
        ...r,
        answers: JSON.stringify(r.answers),
        created_at: new Date(r.created_at),
        updated_at: new Date(r.updated_at),
      })),
    )
    .onConflict((oc) =>
      oc.column('id').doUpdateSet((eb) => ({
        version: eb.ref('excluded.version'),
        answers: eb.ref('excluded.answers'),
        vis_level: eb.ref('excluded.vis_level'),
        vis_rcps: eb.ref('excluded.vis_rcps'),
        updated_seq: eb.ref('excluded.updated_seq'),
        updated_at: eb.ref('excluded.updated_at'),
        text_en: eb.ref('excluded.text_en'),
        text_fr: eb.ref('excluded.text_fr'),
        text_es: eb.ref('excluded.text_es'),
      })),
    )
    .execute();
}
