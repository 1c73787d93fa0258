import { sql, type Kysely, type RawBuilder } from 'kysely';
import {
  visibilityOfColumns,
  type Adoption,
  type Flow,
  type FlowsQuery,
  type Lineage,
  type LineageNode,
  type Reader,
} from '@rcpx/contracts';
import { visibleTo, type Database } from '@rcpx/db';

// The adoptions read model: every read joins the practice (`items`) so an adoption is served
// under both its own visibility (for the adopter) and the practice's *current* one (for its
// owner): narrowing the practice later narrows its adoptions with it.

interface AdoptionSqlRow {
  id: string;
  practice_id: string;
  participant: string;
  practice_owner: string;
  stage: Adoption['stage'];
  note: Adoption['note'] | null;
  local_practice: string | null;
  vis_level: 'public' | 'members' | 'rcps';
  vis_rcps: string[];
  version: number;
  seq: string | number;
  time: Date | string;
}

function toAdoption(r: AdoptionSqlRow): Adoption {
  return {
    id: r.id,
    practice: r.practice_id,
    adopter: r.participant,
    practiceOwner: r.practice_owner,
    stage: r.stage,
    ...(r.note ? { note: r.note } : {}),
    ...(r.local_practice ? { localPractice: r.local_practice } : {}),
    visibility: visibilityOfColumns(r.vis_level, r.vis_rcps),
    version: Number(r.version),
    seq: Number(r.seq),
    time: new Date(r.time).toISOString(),
  };
}

const table = (schema: string, name: string) => sql.table(`${schema}.${name}`);

/** `a` (an adoption row) and `i` (its practice) are both visible to `reader`. */
const bothVisible = (reader: Reader, a: string, i: string): RawBuilder<boolean> =>
  sql<boolean>`${visibleTo(reader, a)} and ${visibleTo(reader, i)}`;

/** The latest record of every adopter of `practiceId` that `reader` may see, oldest first. */
export async function latestAdoptions(
  db: Kysely<Database>,
  schema: string,
  reader: Reader,
  practiceId: string,
  adoptionId?: string,
): Promise<Adoption[]> {
  const { rows } = await sql<AdoptionSqlRow>`
    select a.id, a.practice_id, a.participant, a.practice_owner, a.stage, a.note,
      a.local_practice, a.vis_level, a.vis_rcps, a.version, a.seq, a.updated_at as time
    from ${table(schema, 'adoptions')} a join ${table(schema, 'items')} i on i.id = a.practice_id
    where a.practice_id = ${practiceId}::uuid
      ${adoptionId === undefined ? sql`` : sql`and a.id = ${adoptionId}::uuid`}
      and ${bothVisible(reader, 'a', 'i')}
    order by a.seq`.execute(db);
  return rows.map(toAdoption);
}

/** Every record of the adoptions of `practiceId` that `reader` may see, oldest first. */
export async function adoptionHistory(
  db: Kysely<Database>,
  schema: string,
  reader: Reader,
  practiceId: string,
): Promise<Adoption[]> {
  const { rows } = await sql<AdoptionSqlRow>`
    select h.adoption_id as id, h.practice_id, h.participant, h.practice_owner, h.stage, h.note,
      h.local_practice, h.vis_level, h.vis_rcps, h.version, h.seq, h.time
    from ${table(schema, 'adoption_history')} h
      join ${table(schema, 'items')} i on i.id = h.practice_id
    where h.practice_id = ${practiceId}::uuid and ${bothVisible(reader, 'h', 'i')}
    order by h.seq`.execute(db);
  return rows.map(toAdoption);
}

/** Deepest walk of `lineage`. */
export const LINEAGE_DEPTH = 10;

interface WalkRow {
  id: string;
  depth: number;
  from_id: string;
  adoption_id: string;
  adopter: string;
  stage: LineageNode['adoption']['stage'];
  participant: string;
  title: unknown;
  status: 'active' | 'withdrawn';
}

/**
 * The practices reached from `root` through `localPractice` links, one way: `descendants`
 * (adoptions of a practice whose local practice is the next) or `ancestors` (the reverse).
 * Each practice once, at its least depth (≤ 10), never revisiting one on a path (no cycles);
 * only through adoptions and practices `reader` may see.
 */
async function walk(
  db: Kysely<Database>,
  schema: string,
  reader: Reader,
  root: string,
  direction: 'ancestors' | 'descendants',
): Promise<LineageNode[]> {
  const adoptions = table(schema, 'adoptions');
  const items = table(schema, 'items');
  // the column of an edge that leads on, and the one it comes from
  const [next, prev] =
    direction === 'descendants'
      ? [sql.ref('a.local_practice'), sql.ref('a.practice_id')]
      : [sql.ref('a.practice_id'), sql.ref('a.local_practice')];
  // the practice an edge comes from is the root or a node already reached: visible
  const visible = sql`${visibleTo(reader, 'a')} and ${visibleTo(reader, 'p')}`;
  const { rows } = await sql<WalkRow>`
    with recursive walk(id, depth, path, from_id, adoption_id, adopter, stage) as (
      select ${next}, 1, array[${root}::uuid, ${next}], ${prev}, a.id, a.participant, a.stage
      from ${adoptions} a join ${items} p on p.id = ${next}
      where ${prev} = ${root}::uuid and a.local_practice is not null and ${next} <> ${root}::uuid
        and ${visible}
      union all
      select ${next}, w.depth + 1, w.path || ${next}, ${prev}, a.id, a.participant, a.stage
      from walk w join ${adoptions} a on ${prev} = w.id join ${items} p on p.id = ${next}
      where w.depth < ${LINEAGE_DEPTH} and a.local_practice is not null
        and not ${next} = any(w.path) and ${visible}
    )
    select n.id, n.depth, n.from_id, n.adoption_id, n.adopter, n.stage,
      p.participant, p.title, p.status
    from (
      select distinct on (w.id) w.* from walk w order by w.id, w.depth, w.adoption_id
    ) n join ${items} p on p.id = n.id
    order by n.depth, n.id`.execute(db);
  return rows.map((r) => ({
    id: r.id,
    participant: r.participant,
    title: r.title,
    status: r.status,
    depth: Number(r.depth),
    from: r.from_id,
    adoption: { id: r.adoption_id, adopter: r.adopter, stage: r.stage },
  }));
}

/** `{ancestors, descendants}` of a practice `reader` may see. */
export async function lineageOf(
  db: Kysely<Database>,
  schema: string,
  reader: Reader,
  practiceId: string,
): Promise<Lineage> {
  const [ancestors, descendants] = await Promise.all([
    walk(db, schema, reader, practiceId, 'ancestors'),
    walk(db, schema, reader, practiceId, 'descendants'),
  ]);
  return { practice: practiceId, ancestors, descendants };
}

/**
 * Who learns from whom: per (practice owner → adopter, latest stage), the number of practices,
 * counting only adoptions and practices `reader` may see; `theme` on the practice's current
 * themes, `since` on the time of the adopter's latest record. One scan of `adoptions`: each row
 * carries its practice's current audience and themes (`practice_*`, kept by its projection).
 */
export async function flows(
  db: Kysely<Database>,
  schema: string,
  reader: Reader,
  query: Pick<FlowsQuery, 'theme' | 'since'>,
): Promise<Flow[]> {
  const since = query.since === undefined ? undefined : new Date(query.since).toISOString();
  // `p`: the practice's audience under the column names `visibleTo` reads
  const { rows } = await sql<Flow>`
    select p.participant as "from", p.adopter as "to", p.stage, count(*)::int as n
    from (
      select a.practice_owner as participant, a.practice_vis_level as vis_level,
        a.practice_vis_rcps as vis_rcps, a.participant as adopter, a.stage
      from ${table(schema, 'adoptions')} a
      where ${visibleTo(reader, 'a')}
        ${query.theme === undefined ? sql`` : sql`and ${query.theme} = any(a.practice_themes)`}
        ${since === undefined ? sql`` : sql`and a.updated_at >= ${since}::timestamptz`}
    ) p
    where ${visibleTo(reader, 'p')}
    group by 1, 2, 3
    order by n desc, 1, 2, 3`.execute(db);
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}
