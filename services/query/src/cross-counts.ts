import { sql, type Kysely, type RawBuilder } from 'kysely';
import { z } from 'zod';
import { EVENT_TYPES, WITHDRAWN_TYPES, type Reader } from '@rcpx/contracts';
import { visibleTo, type Database } from '@rcpx/db';

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

interface Row {
  measure: Measure;
  participant: string;
  themes: string[];
}

/** The rows (one per counted thing: its measure, participant and themes) as the reads see them. */
function rowsNow(schema: string, reader: Reader): RawBuilder<Row> {
  return sql<Row>`
    select 'adoptions' as measure, p.adopter as participant, p.themes from (
      select a.participant as adopter, a.practice_themes as themes,
        a.practice_owner as participant, a.practice_vis_level as vis_level,
        a.practice_vis_rcps as vis_rcps
      from ${table(schema, 'adoptions')} a where ${visibleTo(reader, 'a')}
    ) p where ${visibleTo(reader, 'p')}
    union all
    select 'followUps', l.r->>'participant', o.themes
    from ${table(schema, 'follow_up_outcomes')} o
      cross join lateral jsonb_array_elements(o.latest) as l(r)
    where o.meeting_status = 'active' and o.current and ${visibleTo(reader, 'o')}
    union all
    select 'queries', q.participant, q.themes from ${table(schema, 'queries')} q
    where ${visibleTo(reader, 'q')}
    union all
    select 'replies', r.participant, q.themes
    from ${table(schema, 'query_replies')} r join ${table(schema, 'queries')} q on q.id = r.query_id
    where ${visibleTo(reader, 'r')}`;
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
    select 'adoptions' as measure, v.participant, p.themes
    from latest v cross join lateral ${itemAt(sql`(v.data->>'practice')::uuid`)} p
    where v.type = ${EVENT_TYPES.practiceAdoptionRecorded} and ${visibleTo(reader, 'v')}
      and ${visibleTo(reader, 'p')}
    union all
    -- a follow-up is read under its meeting's visibility (as of seq), not its own
    select 'followUps', v.participant, m.themes
    from latest v cross join lateral ${itemAt(sql`(v.data->>'meetingId')::uuid`)} m
    where v.type = ${EVENT_TYPES.followUpReported} and ${visibleTo(reader, 'm')}
      and m.type not in (${sql.join([...WITHDRAWN_TYPES])})
      and exists (select 1 from jsonb_array_elements(m.envelope->'data'->'outcomes') x
        where x->>'ref' = v.data->>'ref')
    union all
    select 'queries', v.participant, v.themes from latest v
    where v.type = ${EVENT_TYPES.queryLaunched} and ${visibleTo(reader, 'v')}
    union all
    select 'replies', v.participant, v.themes from latest v
    where v.type in (${EVENT_TYPES.queryReplied}, ${EVENT_TYPES.queryReplyRevised})
      and ${visibleTo(reader, 'v')}`;
}

/**
 * The cross-fertilization counts `reader` may see, now (`seq` undefined: the read models) or as
 * of `seq` (the mirrored log), per participant and theme.
 */
export async function crossCountsFor(
  db: Kysely<Database>,
  schema: string,
  reader: Reader,
  seq?: number,
): Promise<CrossTally> {
  const rows = seq === undefined ? rowsNow(schema, reader) : rowsAsOf(schema, reader, seq);
  const { rows: cells } = await sql<{
    dimension: string;
    measure: Measure;
    key: string;
    n: number;
  }>`
    with r as (${rows})
    select 'participant' as dimension, r.measure, r.participant as key, count(*)::int as n
    from r group by r.measure, r.participant
    union all
    select 'theme', r.measure, t.key, count(*)::int
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
