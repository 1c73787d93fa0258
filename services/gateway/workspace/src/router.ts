// The workspace's URLs: pure parsing, no DOM (unit-tested).

import { parseMyWorkRoute } from './my-work-logic.ts';
import type { MyWorkRoute } from './my-work-logic.ts';

export const COLLECTIONS = ['practices', 'meetings', 'publications'] as const;
export type Collection = (typeof COLLECTIONS)[number];

export type Route =
  | { view: 'list'; collection: Collection; query: URLSearchParams }
  | { view: 'item'; collection: Collection; id: string; query: URLSearchParams }
  | { view: 'publish'; collection: Collection }
  | { view: 'edit'; collection: Collection; id: string }
  | { view: 'sign-in'; next: string }
  | { view: 'subscriptions' }
  | { view: 'subscription'; id: string }
  | MyWorkRoute
  | { view: 'not-found' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The route of a path and query string under `/app`. */
export function parseRoute(pathname: string, search: string): Route {
  const query = new URLSearchParams(search);
  const parts = pathname.replace(/\/+$/, '').split('/').slice(1);
  if (parts[0] !== 'app') return { view: 'not-found' };
  const [, first, second, ...rest] = parts;
  if (first === undefined) return { view: 'list', collection: 'practices', query };
  if (first === 'sign-in' && second === undefined) {
    const next = query.get('next') ?? '';
    const safe = /^\/app(\/|\?|$)/.test(next) && !next.startsWith('/app/sign-in');
    return { view: 'sign-in', next: safe ? next : '/app' };
  }
  if (first === 'subscriptions' && rest.length === 0) {
    if (second === undefined) return { view: 'subscriptions' };
    if (UUID.test(second)) return { view: 'subscription', id: second };
  }
  const mine = parseMyWorkRoute(parts.slice(1));
  if (mine) return mine;
  const collection = COLLECTIONS.find((c) => c === first);
  if (!collection) return { view: 'not-found' };
  if (rest.length === 1 && rest[0] === 'edit' && UUID.test(second ?? ''))
    return { view: 'edit', collection, id: second! };
  if (rest.length > 0) return { view: 'not-found' };
  if (second === undefined) return { view: 'list', collection, query };
  if (second === 'new') return { view: 'publish', collection };
  if (UUID.test(second)) return { view: 'item', collection, id: second, query };
  return { view: 'not-found' };
}

/** The list filters a catalogue URL may carry, in the order they are written. */
export const LIST_PARAMS = [
  'q',
  'themes',
  'participants',
  'countries',
  'memberState',
  'status',
  'limit',
] as const;

/** A catalogue URL: the given parameters (empty ones left out), and a cursor when paging. */
export function listUrl(
  collection: Collection,
  params: Partial<Record<(typeof LIST_PARAMS)[number] | 'cursor', string>>,
): string {
  const q = new URLSearchParams();
  for (const k of [...LIST_PARAMS, 'cursor'] as const) {
    const v = params[k]?.trim();
    if (v) q.set(k, v);
  }
  const s = q.toString();
  return `/app/${collection}${s ? `?${s}` : ''}`;
}

/** The API query of a catalogue URL: the known parameters only (the API refuses others). */
export function apiListQuery(query: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams();
  for (const k of [...LIST_PARAMS, 'cursor']) {
    const v = query.get(k)?.trim();
    if (v) out.set(k, v);
  }
  if (!out.has('limit')) out.set('limit', '20');
  return out;
}
