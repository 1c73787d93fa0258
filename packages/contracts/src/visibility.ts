import type { Visibility } from './common.ts';

/** Who is reading: resolved from the bearer token (or its absence) once per request/connection. */
export type Reader =
  | { readonly kind: 'anonymous' }
  | {
      readonly kind: 'participant';
      readonly participant: string;
      readonly role: 'publisher' | 'reader';
      readonly tokenId: string;
    }
  | { readonly kind: 'admin'; readonly tokenId?: string };

export const ANONYMOUS: Reader = Object.freeze({ kind: 'anonymous' });

/**
 * THE visibility rule: may `reader` see an item published by `owner` with `visibility`?
 * Every read path (REST, search, counts, live, webhooks, feeds, event log) goes through this
 * function or its SQL twin `visibleTo` in @rcpx/db, or through the audience keys below.
 */
export function canRead(reader: Reader, visibility: Visibility, owner: string): boolean {
  if (reader.kind === 'admin' || visibility.level === 'public') return true;
  if (reader.kind !== 'participant') return false;
  if (reader.participant === owner) return true;
  return visibility.level === 'rcps' && visibility.rcps.includes(reader.participant);
}

/**
 * The audience both `a` and `b` admit, for one owner: `canRead(r, intersectVisibility(a, b), o)`
 * is `canRead(r, a, o) && canRead(r, b, o)` for every reader. A past version is served under
 * its own visibility narrowed by the item's current one.
 */
export function intersectVisibility(a: Visibility, b: Visibility): Visibility {
  if (a.level === 'public') return b;
  if (b.level === 'public' || a.level === 'members') return a;
  if (b.level === 'members') return b;
  const rcps = a.rcps.filter((p) => b.rcps.includes(p));
  return rcps.length > 0 ? { level: 'rcps', rcps } : { level: 'members' };
}

/** Audience keys an item counts for; a reader's counts sum over `audiencesFor(reader)`. */
export function audiencesOf(visibility: Visibility, owner: string): string[] {
  if (visibility.level === 'public') return ['all', 'public'];
  const entitled = new Set([owner, ...(visibility.level === 'rcps' ? visibility.rcps : [])]);
  return ['all', ...[...entitled].map((p) => `p:${p}`)];
}

/** Audience keys whose sum is what `reader` may count. Disjoint for non-admin readers. */
export function audiencesFor(reader: Reader): string[] {
  if (reader.kind === 'admin') return ['all'];
  if (reader.kind === 'anonymous') return ['public'];
  return ['public', `p:${reader.participant}`];
}

const MEMBERS_ONLY: Visibility = Object.freeze({ level: 'members' });

/**
 * The visibility a stored value (an event's `data.visibility`) says, read leniently but never
 * wider than written: an `rcps` level without a list of slugs is `members` (the owner only).
 * Undefined when there is no visibility level at all.
 */
export function readVisibility(value: unknown): Visibility | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const { level, rcps } = value as { level?: unknown; rcps?: unknown };
  if (level === 'public' || level === 'members') return { level };
  if (level !== 'rcps') return undefined;
  if (!Array.isArray(rcps) || rcps.length === 0 || !rcps.every((s) => typeof s === 'string')) {
    return MEMBERS_ONLY;
  }
  return { level: 'rcps', rcps: rcps as string[] };
}

/**
 * The visibility of a read model's columns (`vis_level`, `vis_rcps`); anything else than a
 * public level or a non-empty `rcps` list is `members` (the owner only).
 */
export function visibilityOfColumns(level: string, rcps: readonly string[]): Visibility {
  if (level === 'public') return { level: 'public' };
  if (level === 'rcps' && rcps.length > 0) return { level: 'rcps', rcps: [...rcps] };
  return { level: 'members' };
}
