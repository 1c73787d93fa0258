import { sql, type Kysely, type RawBuilder } from 'kysely';
import { z } from 'zod';
import { EVENT_TYPES, WITHDRAWN_TYPES, type Reader } from '@rcpx/contracts';
import { readModelsCheckpoint, visibleTo, type Database } from '@rcpx/db';

// The counts of the cross-fertilization kinds, per participant and per theme, under the very
// rules of their reads: an adoption (the adopter's latest record) counts where the adoption and
// its practice are both visible (as `adoptions` and `/v1/stats/flows`), on the practice's themes;
// a follow-up (a reporter's latest report on an outcome still in an active meeting) under its
// meeting's visibility and themes (as `/v1/follow-ups`); a query under its own; a reply under its
// own effective visibility, on its query's themes. Now from the read models; as of a seq from
// the mirrored log, with the same rules applied to the latest events up to that seq.

/** The cross-fertilization counts of one participant, one theme or all. */
export const CrossCounts = z
  .object({
    adoptions: z.number().int().meta({ description: 'Adoption records (latest per adopter)' }),
    followUps: z
      .number()
      .int()
      .meta({ description: 'Follow-ups (latest report per outcome and reporter)' }),
    queries: z.number().int().meta({ description: 'Queries launched' }),
    replies: z.number().int().meta({ description: 'Replies to queries' }),
  })
  .meta({
    description:
      'Cross-fertilization the caller may see: per participant, what it recorded, reported, ' +
      'launched and replied; per theme, on the practice’s, meeting’s or query’s themes.',
  });
export type CrossCounts = z.infer<typeof CrossCounts>;

type Measure = keyof CrossCounts;

/** Counts per participant (`participant`), per theme (`theme`), and in all (`total`). */
export interface CrossTally {
  participant: Map<string, CrossCounts>;
  theme: Map<string, CrossCounts>;
  total: CrossCounts;
}

export const noCrossCounts = (): CrossCounts => ({
  adoptions: 0,
  followUps: 0,
  queries: 0,
  replies: 0,
});

const table = (schema: string, name: string) => sql.table(`${schema}.${name}`);

/** Things counted alike: their measure, participant, themes, and how many. */
interface Row {
  measure: Measure;
  participant: string;
  themes: string[];
  n: number;
}

/** The rows (things counted alike, grouped) as the reads see them. */
function rowsNow(schema: string, reader: Reader): RawBuilder<Row> {
  return sql<Row>`
    select 'adoptions' as measure, p.adopter as participant, p.themes, count(*)::int as n from (
      select a.participant as adopter, a.practice_themes as themes,
        a.practice_owner as participant, a.practice_vis_level as vis_level,
        a.practice_vis_rcps as vis_rcps
      from ${table(schema, 'adoptions')} a where ${visibleTo(reader, 'a')}
    ) p where ${visibleTo(reader, 'p')} group by 2, 3
    union all
    select 'followUps', l.r->>'participant', o.themes, count(*)::int
    from ${table(schema, 'follow_up_outcomes')} o
      cross join lateral jsonb_array_elements(o.latest) as l(r)
    where o.meeting_status = 'active' and o.current and ${visibleTo(reader, 'o')}
    group by 2, 3
    union all
    select 'queries', q.participant, q.themes, count(*)::int from ${table(schema, 'queries')} q
    where ${visibleTo(reader, 'q')} group by 2, 3
    union all
    select 'replies', r.participant, q.themes, count(*)::int
    from ${table(schema, 'query_replies')} r join ${table(schema, 'queries')} q on q.id = r.query_id
    where ${visibleTo(reader, 'r')} group by 2, 3`;
}

const CROSS_TYPES = [
  EVENT_TYPES.practiceAdoptionRecorded,
  EVENT_TYPES.followUpReported,
  EVENT_TYPES.queryLaunched,
  EVENT_TYPES.queryReplied,
  EVENT_TYPES.queryReplyRevised,
];

/** The same rows as of `seq`, from the mirrored log (`<rm>.events`). */
function rowsAsOf(schema: string, reader: Reader, seq: number): RawBuilder<Row> {
  const events = table(schema, 'events');
  // the latest event up to seq of an item (a practice, a meeting), by id
  const itemAt = (id: RawBuilder<unknown>) => sql`(
    select i.participant, i.type, i.themes, i.vis_level, i.vis_rcps, i.envelope from ${events} i
    where i.item_id = ${id} and i.seq <= ${seq} and i.kind in ('practice', 'meeting')
    order by i.seq desc limit 1)`;
  return sql<Row>`
    with latest as (
      select distinct on (e.item_id) e.item_id, e.type, e.participant, e.themes, e.vis_level,
        e.vis_rcps, e.envelope->'data' as data
      from ${events} e
      where e.seq <= ${seq} and e.type in (${sql.join(CROSS_TYPES)})
      order by e.item_id, e.seq desc
    )
    select 'adoptions' as measure, v.participant, p.themes, count(*)::int as n
    from latest v cross join lateral ${itemAt(sql`(v.data->>'practice')::uuid`)} p
    where v.type = ${EVENT_TYPES.practiceAdoptionRecorded} and ${visibleTo(reader, 'v')}
      and ${visibleTo(reader, 'p')}
    group by 2, 3
    union all
    -- a follow-up is read under its meeting's visibility (as of seq), not its own
    select 'followUps', v.participant, m.themes, count(*)::int
    from latest v cross join lateral ${itemAt(sql`(v.data->>'meetingId')::uuid`)} m
    where v.type = ${EVENT_TYPES.followUpReported} and ${visibleTo(reader, 'm')}
      and m.type not in (${sql.join([...WITHDRAWN_TYPES])})
      -- the outcome still in the meeting (a record from before refs was never revised: all are)
      and (exists (select 1 from jsonb_array_elements(m.envelope->'data'->'outcomes') x
          where x->>'ref' = v.data->>'ref')
        or not exists (select 1 from jsonb_array_elements(m.envelope->'data'->'outcomes') x
          where x ? 'ref'))
    group by 2, 3
    union all
    select 'queries', v.participant, v.themes, count(*)::int from latest v
    where v.type = ${EVENT_TYPES.queryLaunched} and ${visibleTo(reader, 'v')} group by 2, 3
    union all
    select 'replies', v.participant, v.themes, count(*)::int from latest v
    where v.type in (${EVENT_TYPES.queryReplied}, ${EVENT_TYPES.queryReplyRevised})
      and ${visibleTo(reader, 'v')}
    group by 2, 3`;
}

/**
 * The tally of `rows`: summed per participant and per theme. Without JIT: its estimated cost
 * (scans of four tables) crosses `jit_above_cost`, and compiling costs more than it saves.
 */
async function tallyOf(db: Kysely<Database>, rows: RawBuilder<Row>): Promise<CrossTally> {
  if (!db.isTransaction) return db.transaction().execute((trx) => tallyOf(trx, rows));
  await sql`set local jit = off`.execute(db);
  const { rows: cells } = await sql<{
    dimension: string;
    measure: Measure;
    key: string;
    n: number;
  }>`
    with r as (${rows})
    select 'participant' as dimension, r.measure, r.participant as key, sum(r.n)::int as n
    from r group by r.measure, r.participant
    union all
    select 'theme', r.measure, t.key, sum(r.n)::int
    from r cross join lateral unnest(r.themes) as t(key) group by r.measure, t.key`.execute(db);
  const tally: CrossTally = { participant: new Map(), theme: new Map(), total: noCrossCounts() };
  for (const c of cells) {
    const dimension = c.dimension === 'theme' ? tally.theme : tally.participant;
    const counts = dimension.get(c.key) ?? noCrossCounts();
    counts[c.measure] += Number(c.n);
    dimension.set(c.key, counts);
    if (c.dimension === 'participant') tally.total[c.measure] += Number(c.n);
  }
  return tally;
}

/**
 * Tallies by database: as of a seq a tally never changes (the log does not), and "now" is the
 * state at a checkpoint; so each is computed once per reader's audience (the visibility rule
 * reads only the participant) and kept, the last `MAX_CACHED` of them.
 */
const cache = new WeakMap<object, Map<string, Promise<CrossTally>>>();
const MAX_CACHED = 256;
/**
 * The latest "now" tally per audience: under steady writes every checkpoint is new, so a plain
 * read (no `minSeq` beyond it, no snapshot) takes the one computed in the last `FRESH_MS`.
 */
const latest = new WeakMap<
  object,
  Map<string, { seq: number; at: number; tally: Promise<CrossTally> }>
>();
const FRESH_MS = 1_000;

const audienceOf = (reader: Reader) =>
  reader.kind === 'participant' ? `p:${reader.participant}` : reader.kind;

/**
 * The cross-fertilization counts `reader` may see, per participant and theme: `at.asOf` from the
 * mirrored log, else the read models now (`at.checkpoint`: the checkpoint they are at, read
 * when absent). `db` may be a transaction; `owner` (default `db`) keys the cache.
 */
export async function crossCountsFor(
  db: Kysely<Database>,
  schema: string,
  reader: Reader,
  at: {
    asOf?: number | undefined;
    checkpoint?: number;
    owner?: object;
    minSeq?: number | undefined;
  } = {},
): Promise<CrossTally> {
  const recent = at.asOf === undefined && !db.isTransaction && at.checkpoint === undefined;
  const latestKey = `${schema} ${audienceOf(reader)}`;
  if (recent) {
    // "now" outside a snapshot: a tally of the last second serves, unless minSeq asks for later
    const last = latest.get(at.owner ?? db)?.get(latestKey);
    if (last && Date.now() - last.at < FRESH_MS && last.seq >= (at.minSeq ?? 0)) return last.tally;
  }
  const seq = at.asOf ?? at.checkpoint ?? (await readModelsCheckpoint(db, schema));
  // "now" in a snapshot (stats) is exactly the checkpoint's state; outside one, at least it
  const now = db.isTransaction ? 'snapshot' : 'now';
  const key = `${schema} ${audienceOf(reader)} ${at.asOf === undefined ? now : 'asOf'} ${seq}`;
  const owner = at.owner ?? db;
  let entries = cache.get(owner);
  if (!entries) cache.set(owner, (entries = new Map()));
  const hit = entries.get(key);
  if (hit) return hit;
  const rows = at.asOf === undefined ? rowsNow(schema, reader) : rowsAsOf(schema, reader, at.asOf);
  const tally = tallyOf(db, rows);
  entries.set(key, tally);
  if (recent) {
    let last = latest.get(owner);
    if (!last) latest.set(owner, (last = new Map()));
    last.set(latestKey, { seq, at: Date.now(), tally });
    tally.catch(() => last.delete(latestKey));
  }
  tally.catch(() => entries.delete(key));
  while (entries.size > MAX_CACHED) entries.delete(entries.keys().next().value!);
  return tally;
}
