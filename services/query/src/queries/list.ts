import { sql, type Kysely } from 'kysely';
import { utcDate, type Clock, type QueryListQuery, type Reader } from '@rcpx/contracts';
import { visibleTo, type Database } from '@rcpx/db';
import { problem } from '@rcpx/service-kit';
import { searchQuery } from '../search.ts';
import { selectQueries, toSummary, type QueryJsonRow } from './rows.ts';

/** A keyset position: the launched seq, and for `awaiting` (deadline order) the deadline. */
interface Position {
  s: number;
  d?: string;
}

const invalidCursor = () =>
  problem.badRequest('query.cursor: is not a cursor returned by this API.', [
    { path: 'query.cursor', message: 'is not a cursor returned by this API' },
  ]);

const encode = (p: Position) => Buffer.from(JSON.stringify(p), 'utf8').toString('base64url');

function decode(raw: string, withDeadline: boolean): Position {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  const p = parsed as Partial<Position> | null;
  if (p === null || typeof p !== 'object' || !Number.isSafeInteger(p.s) || p.s! < 0) {
    throw invalidCursor();
  }
  if (withDeadline && (typeof p.d !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(p.d))) {
    throw invalidCursor();
  }
  return withDeadline ? { s: p.s!, d: p.d! } : { s: p.s! };
}

/**
 * One page of the queries `reader` may see. Newest first; with `awaiting=<slug>` the open
 * queries that ask the participant, have no reply of it yet and whose deadline is not past,
 * soonest deadline first (only the participant itself or the admin may ask what it owes).
 * `q` matches the query's title and questions, or a reply to it that the reader may read.
 */
export async function listQueries(
  db: Kysely<Database>,
  schema: string,
  reader: Reader,
  query: QueryListQuery,
  clock: Clock,
) {
  const today = utcDate(clock.now());
  const awaiting = query.awaiting;
  if (
    awaiting !== undefined &&
    reader.kind !== 'admin' &&
    !(reader.kind === 'participant' && reader.participant === awaiting)
  ) {
    throw problem.forbidden(`Only ${awaiting} (or the admin) may list what ${awaiting} owes.`);
  }
  const after = query.cursor === undefined ? undefined : decode(query.cursor, !!awaiting);
  let q = selectQueries(db, schema, reader);
  if (query.status !== undefined) q = q.where('q.status', '=', query.status);
  const themes = [...(query.themes ?? []), ...(query.theme ? [query.theme] : [])];
  if (themes.length > 0) q = q.where(sql<boolean>`q.themes && ${themes}::text[]`);
  const launchers = [
    ...(query.participants ?? []),
    ...(query.participant ? [query.participant] : []),
  ];
  if (launchers.length > 0) q = q.where('q.participant', 'in', launchers);
  if (query.q !== undefined) {
    const tsq = searchQuery(schema, query.q);
    q = q.where(
      sql<boolean>`(q.search @@ ${tsq} or exists (select 1 from ${sql.table(`${schema}.query_replies`)} r
        where r.query_id = q.id and ${visibleTo(reader, 'r')} and r.search @@ ${tsq}))`,
    );
  }
  if (awaiting !== undefined) {
    q = q
      .where('q.status', '=', 'open')
      .where(sql<boolean>`q.deadline >= ${today}::date`)
      .where(sql<boolean>`${awaiting} = any(q.addressees)`)
      .where(sql<boolean>`not (${awaiting} = any(q.repliers))`);
    if (after) {
      q = q.where(sql<boolean>`(q.deadline, q.launched_seq) > (${after.d!}::date, ${after.s})`);
    }
    q = q.orderBy('q.deadline', 'asc').orderBy('q.launched_seq', 'asc');
  } else {
    if (after) q = q.where('q.launched_seq', '<', after.s);
    q = q.orderBy('q.launched_seq', 'desc');
  }
  const rows = (await q.limit(query.limit + 1).execute()) as QueryJsonRow[];
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > query.limit && last
      ? encode(
          awaiting
            ? { s: Number(last.launched_seq), d: last.deadline }
            : { s: Number(last.launched_seq) },
        )
      : null;
  return { items: page.map((r) => toSummary(r, today)), nextCursor };
}
