import { sql, type Kysely } from 'kysely';
import {
  daysBetween,
  type QueryReply,
  type QuerySummary,
  type Reader,
  type Visibility,
} from '@rcpx/contracts';
import { readModels, visibleTo, type Database } from '@rcpx/db';

/** A query row as the reads select it (deadline as text, the caller's reply count). */
export interface QueryJsonRow {
  id: string;
  participant: string;
  status: 'open' | 'closed';
  title: unknown;
  questions: unknown;
  themes: string[];
  addressees: string[];
  deadline: string;
  vis_level: 'public' | 'members' | 'rcps';
  vis_rcps: string[];
  version: number;
  launched_seq: number;
  created_at: Date | string;
  closed_at: Date | string | null;
  closed_by: 'launcher' | 'deadline' | null;
  reply_count: number;
}

/** The visibility of stored columns. */
export function visibilityOf(level: string, rcps: readonly string[]): Visibility {
  if (level === 'public') return { level: 'public' };
  if (level === 'rcps' && rcps.length > 0) return { level: 'rcps', rcps: [...rcps] };
  return { level: 'members' };
}

const iso = (d: Date | string) => new Date(d).toISOString();

/** The replies of `queryId` (`alias.id`) that `reader` may read, counted. */
export function visibleReplyCount(schema: string, reader: Reader, idRef: string) {
  return sql<number>`(select count(*)::int from ${sql.table(`${schema}.query_replies`)} r
    where r.query_id = ${sql.ref(idRef)} and ${visibleTo(reader, 'r')})`;
}

/** The base select of queries `reader` may see, with their reply counts. */
export function selectQueries(db: Kysely<Database>, schema: string, reader: Reader) {
  return readModels(db, schema)
    .selectFrom('queries as q')
    .select([
      'q.id',
      'q.participant',
      'q.status',
      'q.title',
      'q.questions',
      'q.themes',
      'q.addressees',
      sql<string>`q.deadline::text`.as('deadline'),
      'q.vis_level',
      'q.vis_rcps',
      'q.version',
      'q.launched_seq',
      'q.created_at',
      'q.closed_at',
      'q.closed_by',
    ])
    .select(visibleReplyCount(schema, reader, 'q.id').as('reply_count'))
    .where(visibleTo(reader, 'q'));
}

/** A query as listed. */
export function toSummary(row: QueryJsonRow, today: string): QuerySummary {
  return {
    id: row.id,
    participant: row.participant,
    status: row.status,
    title: row.title as Record<string, string>,
    themes: row.themes,
    addressees: row.addressees,
    deadline: row.deadline,
    daysLeft: daysBetween(today, row.deadline),
    visibility: visibilityOf(row.vis_level, row.vis_rcps),
    replyCount: Number(row.reply_count),
    version: row.version,
    seq: Number(row.launched_seq),
    createdAt: iso(row.created_at),
    closedAt: row.closed_at === null ? null : iso(row.closed_at),
    closedBy: row.closed_by,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The columns of a reply (`r`, the `query_replies` alias) that `toReply` reads. */
const REPLY_COLUMNS = [
  'r.id',
  'r.query_id',
  'r.participant',
  'r.version',
  'r.answers',
  'r.vis_level',
  'r.vis_rcps',
  'r.updated_seq',
  'r.created_at',
  'r.updated_at',
] as const;

/** The replies (`r`) that `reader` may read, their columns selected (for `toReply`). */
export function selectReplies(db: Kysely<Database>, schema: string, reader: Reader) {
  return readModels(db, schema)
    .selectFrom('query_replies as r')
    .select(REPLY_COLUMNS)
    .where(visibleTo(reader, 'r'));
}

type ReplyRow = Awaited<ReturnType<ReturnType<typeof selectReplies>['executeTakeFirstOrThrow']>>;

/** A reply as the API shows it. */
export function toReply(r: ReplyRow): QueryReply {
  return {
    id: r.id,
    query: r.query_id,
    participant: r.participant,
    version: r.version,
    answers: r.answers as QueryReply['answers'],
    visibility: visibilityOf(r.vis_level, r.vis_rcps),
    seq: Number(r.updated_seq),
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

/**
 * The replies of a query that `reader` may read, oldest first; or only the one `which` names
 * (its id or its author's slug).
 */
export async function visibleReplies(
  db: Kysely<Database>,
  schema: string,
  reader: Reader,
  queryId: string,
  which?: string,
): Promise<QueryReply[]> {
  const rows = await selectReplies(db, schema, reader)
    .where('r.query_id', '=', queryId)
    .$if(which !== undefined, (q) =>
      UUID.test(which!)
        ? q.where('r.id', '=', which!.toLowerCase())
        : q.where('r.participant', '=', which!),
    )
    .orderBy('r.created_seq')
    .execute();
  return rows.map(toReply);
}
