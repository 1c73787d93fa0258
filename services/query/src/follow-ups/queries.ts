import { sql, type Kysely } from 'kysely';
import {
  followUpHistoryPath,
  isOverdue,
  type FollowUpReport,
  type FollowUpsQuery,
  type FollowUpSummaryItem,
  type Reader,
  type TrackedOutcome,
} from '@rcpx/contracts';
import {
  readModels,
  visibleTo,
  type Database,
  type FollowUpOutcomeRow,
  type FollowUpReportRow,
} from '@rcpx/db';
import {
  decodeCursor,
  decodeDueCursor,
  encodeDueCursor,
  keysetPage,
  type Cursor,
  type DueCursor,
} from '../cursor.ts';

// The reads of the follow-ups projection. An outcome (and every report on it) is read under its
// meeting's current visibility (`participant` = the meeting's publisher); a withdrawn meeting's
// outcomes are not read at all, nor are those its revisions removed (except in their history).

const OUTCOME_COLUMNS = [
  'o.id',
  'o.meeting_id',
  'o.ref',
  'o.kind',
  'o.title',
  'o.text',
  'o.addressees',
  'o.current',
  'o.participant',
  'o.meeting_title',
  'o.starts_on',
  'o.themes',
  'o.latest',
  'o.last_status',
  'o.updated_seq',
  'o.closed',
] as const;

type OutcomeRow = Pick<
  FollowUpOutcomeRow,
  | 'id'
  | 'meeting_id'
  | 'ref'
  | 'kind'
  | 'title'
  | 'text'
  | 'addressees'
  | 'current'
  | 'participant'
  | 'meeting_title'
  | 'starts_on'
  | 'themes'
  | 'latest'
  | 'last_status'
  | 'updated_seq'
  | 'closed'
> & { due_on: string | null };

function outcomes(db: Kysely<Database>, schema: string, reader: Reader) {
  return readModels(db, schema)
    .selectFrom('follow_up_outcomes as o')
    .select(OUTCOME_COLUMNS)
    .select(sql<string | null>`o.due_on::text`.as('due_on'))
    .where('o.meeting_status', '=', 'active')
    .where(visibleTo(reader, 'o'));
}

/** An outcome as the tracker serves it. */
export function toTracked(row: OutcomeRow, today: string): TrackedOutcome {
  const latest = row.latest as FollowUpReport[];
  return {
    id: row.id,
    meetingId: row.meeting_id,
    ref: row.ref,
    kind: row.kind as TrackedOutcome['kind'],
    title: row.title as TrackedOutcome['title'],
    text: row.text,
    addressees: row.addressees,
    dueOn: row.due_on,
    participant: row.participant,
    meeting: {
      title: row.meeting_title as Record<string, string>,
      startsOn: row.starts_on,
    },
    themes: row.themes,
    status: row.last_status as TrackedOutcome['status'],
    overdue: isOverdue(
      row.due_on,
      latest.map((r) => r.status),
      today,
    ),
    latest,
    history: followUpHistoryPath(row.meeting_id, row.ref),
    seq: Number(row.updated_seq),
  };
}

/** The SQL twin of `isOverdue` over `follow_up_outcomes as o` (`closed`: some latest closes it). */
const overdueSql = (today: string) =>
  sql<boolean>`(o.due_on is not null and o.due_on < ${today}::date and not o.closed)`;

/** An outcome's place in due order: open first, by due date (none: last), then id. */
const dueKey = sql`(o.closed, coalesce(o.due_on, 'infinity'::date), o.id)`;

/**
 * One page of the tracker: the listed outcomes (tracked, still in an active meeting) `reader` may
 * see, newest change first (keyset on `updated_seq`, `id`) or, `sort=due`, most urgent first
 * (keyset on `closed`, the due date, `id`).
 */
export async function listTracked(
  db: Kysely<Database>,
  schema: string,
  reader: Reader,
  query: FollowUpsQuery,
  today: string,
): Promise<{ items: TrackedOutcome[]; nextCursor: string | null }> {
  const byDue = query.sort === 'due';
  let afterSeq: Cursor | undefined;
  let afterDue: DueCursor | undefined;
  if (query.cursor !== undefined) {
    if (byDue) afterDue = decodeDueCursor(query.cursor);
    else afterSeq = decodeCursor(query.cursor, true);
  }
  let q = outcomes(db, schema, reader).where('o.tracked', '=', true).where('o.current', '=', true);
  if (query.participant !== undefined) q = q.where('o.participant', '=', query.participant);
  if (query.addressee !== undefined) {
    q = q.where(sql<boolean>`o.addressees @> array[${query.addressee}]::text[]`);
  }
  if (query.theme !== undefined)
    q = q.where(sql<boolean>`o.themes @> array[${query.theme}]::text[]`);
  if (query.status === 'none') q = q.where('o.last_status', 'is', null);
  else if (query.status !== undefined) q = q.where('o.last_status', '=', query.status);
  if (query.overdue === true) q = q.where(overdueSql(today));
  if (query.overdue === false) q = q.where(sql<boolean>`not ${overdueSql(today)}`);
  if (afterSeq !== undefined) {
    q = q.where(
      sql<boolean>`(o.updated_seq, o.id) < (${afterSeq.seq}::bigint, ${afterSeq.id}::uuid)`,
    );
  }
  if (afterDue !== undefined) {
    const due = afterDue.due ?? 'infinity';
    q = q.where(
      sql<boolean>`${dueKey} > (${afterDue.closed}::boolean, ${due}::date, ${afterDue.id}::uuid)`,
    );
  }
  q = byDue
    ? q
        .orderBy('o.closed')
        .orderBy(sql`coalesce(o.due_on, 'infinity'::date)`)
        .orderBy('o.id')
    : q.orderBy('o.updated_seq', 'desc').orderBy('o.id', 'desc');
  const rows = await q.limit(query.limit + 1).execute();
  const { page, nextCursor } = byDue
    ? dueKeysetPage(rows, query.limit)
    : keysetPage(rows, query.limit, (last) => ({ seq: Number(last.updated_seq), id: last.id }));
  return { items: page.map((r) => toTracked(r, today)), nextCursor };
}

/** `keysetPage` in due order. */
function dueKeysetPage(rows: OutcomeRow[], limit: number) {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const more = rows.length > limit && last !== undefined;
  return {
    page,
    nextCursor: more
      ? encodeDueCursor({ closed: last.closed, due: last.due_on, id: last.id })
      : null,
  };
}

/** A report of the history as served. */
export function toReport(row: FollowUpReportRow): FollowUpReport {
  return {
    id: row.follow_up_id,
    participant: row.participant,
    version: Number(row.version),
    seq: Number(row.seq),
    time: new Date(row.time).toISOString(),
    status: row.status as FollowUpReport['status'],
    text: row.text as Record<string, string>,
    countries: row.countries,
    links: row.links as unknown[],
  };
}

/**
 * An outcome (of an active meeting `reader` may see; also one a revision removed) and its reports,
 * oldest first — all of them, or those of one follow-up (one reporter). Undefined when not found.
 */
export async function outcomeHistory(
  db: Kysely<Database>,
  schema: string,
  reader: Reader,
  where: { meetingId: string; ref?: string; followUpId?: string },
  today: string,
): Promise<{ outcome: TrackedOutcome; removed: boolean; items: FollowUpReport[] } | undefined> {
  const meetingId = where.meetingId.toLowerCase();
  let ref = where.ref;
  let reports: FollowUpReportRow[] = [];
  if (ref === undefined) {
    // a follow-up: its reports name their outcome
    reports = await readModels(db, schema)
      .selectFrom('follow_up_reports')
      .selectAll()
      .where('follow_up_id', '=', where.followUpId!.toLowerCase())
      .where('meeting_id', '=', meetingId)
      .orderBy('seq')
      .execute();
    ref = reports[0]?.ref;
    if (ref === undefined) return undefined;
  }
  const row = await outcomes(db, schema, reader)
    .where('o.meeting_id', '=', meetingId)
    .where('o.ref', '=', ref)
    .executeTakeFirst();
  if (!row) return undefined;
  if (where.followUpId === undefined) {
    reports = await readModels(db, schema)
      .selectFrom('follow_up_reports')
      .selectAll()
      .where('meeting_id', '=', meetingId)
      .where('ref', '=', ref)
      .orderBy('seq')
      .execute();
  }
  return { outcome: toTracked(row, today), removed: !row.current, items: reports.map(toReport) };
}

/** How many outcomes the overdue list of a summary holds at most (oldest due first). */
export const OVERDUE_LIST_MAX = 200;

/**
 * What `slug` is responsible for, as `reader` may see it: the listed outcomes addressed to it, and
 * those of its own meetings that name no addressee. Counted by its own latest status (`none` when
 * it reported nothing); the overdue ones listed, oldest due date first.
 */
export async function participantSummary(
  db: Kysely<Database>,
  schema: string,
  reader: Reader,
  slug: string,
  today: string,
) {
  const responsible = sql<boolean>`(o.addressees @> array[${slug}]::text[]
    or (cardinality(o.addressees) = 0 and o.participant = ${slug}))`;
  const base = () =>
    outcomes(db, schema, reader)
      .where('o.tracked', '=', true)
      .where('o.current', '=', true)
      .where(responsible);
  const own = sql<string>`coalesce((select r->>'status' from jsonb_array_elements(o.latest) r
    where r->>'participant' = ${slug} limit 1), 'none')`;
  const [counted, overdue] = await Promise.all([
    readModels(db, schema)
      .selectFrom(base().clearSelect().select(own.as('status')).as('s'))
      .select(['s.status', sql<number>`count(*)::int`.as('n')])
      .groupBy('s.status')
      .execute(),
    base()
      .where(overdueSql(today))
      .orderBy('o.due_on')
      .orderBy('o.id')
      .limit(OVERDUE_LIST_MAX)
      .execute(),
  ]);
  const counts = emptyCounts();
  let total = 0;
  for (const { status, n } of counted) {
    counts[status] = (counts[status] ?? 0) + Number(n);
    total += Number(n);
  }
  return {
    participant: slug,
    total,
    counts,
    overdue: overdue.map((r) => toTracked(r, today)),
    shareImplemented: total === 0 ? null : counts.implemented! / total,
  };
}

/** The statuses a summary counts by, each present (0 when none). */
const emptyCounts = (): Record<string, number> => ({
  'not-started': 0,
  planned: 0,
  'in-progress': 0,
  implemented: 0,
  dropped: 0,
  none: 0,
});

/**
 * `participantSummary` of every participant responsible for some listed outcome `reader` may
 * see, in one read and in counts (the overdue ones counted, not listed); in the order of
 * `order` (slugs), then by slug.
 */
export async function followUpSummaries(
  db: Kysely<Database>,
  schema: string,
  reader: Reader,
  today: string,
  order: readonly string[],
): Promise<FollowUpSummaryItem[]> {
  const listed = outcomes(db, schema, reader)
    .clearSelect()
    .select([
      sql<string[]>`case when cardinality(o.addressees) = 0 then array[o.participant]
        else o.addressees end`.as('responsible'),
      'o.latest',
      overdueSql(today).as('overdue'),
    ])
    .where('o.tracked', '=', true)
    .where('o.current', '=', true);
  const { rows } = await sql<{ slug: string; status: string; n: number; overdue: number }>`
    select p.slug,
      coalesce((select r->>'status' from jsonb_array_elements(b.latest) r
        where r->>'participant' = p.slug limit 1), 'none') as status,
      count(*)::int as n,
      (count(*) filter (where b.overdue))::int as overdue
    from (${listed}) b cross join lateral (select distinct unnest(b.responsible)) as p(slug)
    group by 1, 2`.execute(db);
  const bySlug = new Map<string, FollowUpSummaryItem>();
  for (const { slug, status, n, overdue } of rows) {
    let item = bySlug.get(slug);
    if (!item) {
      item = {
        participant: slug,
        total: 0,
        counts: emptyCounts(),
        overdueCount: 0,
        shareImplemented: null,
      };
      bySlug.set(slug, item);
    }
    item.counts[status] = (item.counts[status] ?? 0) + n;
    item.total += n;
    item.overdueCount += overdue;
  }
  const rank = (slug: string) => {
    const i = order.indexOf(slug);
    return i === -1 ? order.length : i;
  };
  return [...bySlug.values()]
    .map((item) => ({ ...item, shareImplemented: item.counts.implemented! / item.total }))
    .sort(
      (a, b) =>
        rank(a.participant) - rank(b.participant) || a.participant.localeCompare(b.participant),
    );
}
