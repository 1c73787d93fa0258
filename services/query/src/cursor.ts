import { problem } from '@rcpx/service-kit';

/** A keyset position: the seq of the last entry returned and, for items, its id (tie-break). */
export interface Cursor {
  seq: number;
  id?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The opaque `cursor` string (base64url JSON) of a keyset position. */
export function encodeCursor(c: Cursor): string {
  const body = c.id === undefined ? { s: c.seq } : { s: c.seq, i: c.id };
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

/**
 * The page of a keyset query run with `limit + 1`: its first `limit` rows, and the cursor at the
 * last of them when more rows follow (else null).
 */
export function keysetPage<R>(
  rows: R[],
  limit: number,
  positionOf: (last: R) => Cursor,
): { page: R[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const more = rows.length > limit && last !== undefined;
  return { page, nextCursor: more ? encodeCursor(positionOf(last)) : null };
}

const invalid = () =>
  problem.badRequest('query.cursor: is not a cursor returned by this API.', [
    { path: 'query.cursor', message: 'is not a cursor returned by this API' },
  ]);

/** The JSON object inside an opaque cursor (base64url); anything else → 400 problem. */
function cursorObject(raw: string): Record<string, unknown> {
  if (!/^[A-Za-z0-9_-]+$/.test(raw)) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw invalid();
  return parsed as Record<string, unknown>;
}

/** Parses a `cursor` query value; a malformed one → 400 problem (`query.cursor`). */
export function decodeCursor(raw: string, withId: boolean): Cursor {
  const { s, i } = cursorObject(raw);
  if (typeof s !== 'number' || !Number.isSafeInteger(s) || s < 0) throw invalid();
  if (!withId) return { seq: s };
  if (typeof i !== 'string' || !UUID.test(i)) throw invalid();
  return { seq: s, id: i.toLowerCase() };
}

/** A position in ranked results: the rank (a float4) and id of the last hit returned. */
export interface RankCursor {
  rank: number;
  id: string;
}

/** The opaque `cursor` string of a ranked position. */
export function encodeRankCursor(c: RankCursor): string {
  return Buffer.from(JSON.stringify({ r: c.rank, i: c.id }), 'utf8').toString('base64url');
}

/** Parses a ranked `cursor`; a malformed one → 400 problem (`query.cursor`). */
export function decodeRankCursor(raw: string): RankCursor {
  const { r, i } = cursorObject(raw);
  if (typeof r !== 'number' || !Number.isFinite(r) || r < 0) throw invalid();
  if (typeof i !== 'string' || !UUID.test(i)) throw invalid();
  return { rank: r, id: i.toLowerCase() };
}

/** A position in due order: the last outcome's `closed`, due date (null: none) and id. */
export interface DueCursor {
  closed: boolean;
  due: string | null;
  id: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The opaque `cursor` string of a position in due order. */
export function encodeDueCursor(c: DueCursor): string {
  return Buffer.from(JSON.stringify({ c: c.closed, d: c.due, i: c.id }), 'utf8').toString(
    'base64url',
  );
}

/** Parses a due-order `cursor`; a malformed one (or one of another order) → 400 problem. */
export function decodeDueCursor(raw: string): DueCursor {
  const { c, d, i } = cursorObject(raw);
  if (typeof c !== 'boolean') throw invalid();
  if (d !== null && (typeof d !== 'string' || !DATE.test(d))) throw invalid();
  if (typeof i !== 'string' || !UUID.test(i)) throw invalid();
  return { closed: c, due: d, id: i.toLowerCase() };
}
