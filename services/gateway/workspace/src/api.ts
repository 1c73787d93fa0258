// The workspace's calls to the exchange, same origin. Signed in, the session cookie goes along
// by itself (HttpOnly: the page never sees it); writes add the session's CSRF token, which is
// kept in memory only. The participant token is sent once, to POST /v1/session, and forgotten.

import type { Item, ItemVersion, Problem, SessionInfo, WriteResult } from '@rcpx/contracts';

export type { Item, ItemVersion, Problem, SessionInfo, WriteResult };

/** An answer that is not a 2xx: its status and problem+json body (when it had one). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | undefined,
  ) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
  }
}

let csrf: string | null = null;
let seenSeq = 0;

/** The highest `Rcpx-Seq` a read answered with so far (where live updates start from). */
export const lastSeenSeq = (): number => seenSeq;

/** Reads started before the first view asked for them (see `readEarly`), by path. */
const early = new Map<string, Promise<unknown>>();
let collecting = false;

/**
 * Starts now the reads `reads` makes (e.g. while the session is being checked): the view's same
 * reads (GET, same path) then take their answers instead of asking again. Each is taken once.
 */
export function readEarly(reads: () => unknown): void {
  collecting = true;
  try {
    reads();
  } finally {
    collecting = false;
  }
}

/** Forgets the early reads no view took (after the first view is drawn). */
export const dropEarlyReads = (): void => early.clear();

/** A same-origin call: JSON in and out, the CSRF token on writes; ApiError when not a 2xx. */
export function call<T>(method: string, path: string, body?: unknown, headers = {}): Promise<T> {
  if (method !== 'GET') return send<T>(method, path, body, headers);
  const started = early.get(path);
  if (started) {
    early.delete(path);
    return started as Promise<T>;
  }
  const p = send<T>(method, path, body, headers);
  if (collecting) {
    early.set(path, p);
    p.catch(() => undefined); // a read no view takes fails unseen
  }
  return p;
}

async function send<T>(method: string, path: string, body: unknown, headers: object): Promise<T> {
  const res = await fetch(path, {
    method,
    headers: {
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(method !== 'GET' && csrf ? { 'x-csrf-token': csrf } : {}),
      ...headers,
    },
    body: body === undefined ? null : JSON.stringify(body),
    credentials: 'same-origin',
    cache: 'no-store',
  });
  const seq = Number(res.headers.get('rcpx-seq'));
  if (Number.isSafeInteger(seq) && seq > seenSeq) seenSeq = seq;
  if (!res.ok) {
    const problem = (await res.json().catch(() => undefined)) as Problem | undefined;
    throw new ApiError(res.status, problem);
  }
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export const api = {
  /** Who the session cookie signs in as (null when there is no live session). */
  async session(): Promise<SessionInfo | null> {
    try {
      const info = await call<SessionInfo>('GET', '/v1/session');
      csrf = info.csrfToken;
      return info;
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        csrf = null;
        return null;
      }
      throw e;
    }
  },
  async signIn(token: string): Promise<SessionInfo | null> {
    await call<void>('POST', '/v1/session', { token });
    return api.session();
  },
  async signOut(): Promise<void> {
    await call<void>('DELETE', '/v1/session');
    csrf = null;
  },
  list: (collection: string, query: URLSearchParams) =>
    call<{ items: Item[]; nextCursor: string | null }>('GET', `/v1/${collection}?${query}`),
  item: (collection: string, id: string, minSeq?: number) =>
    call<Item>('GET', `/v1/${collection}/${id}${minSeq ? `?minSeq=${minSeq}` : ''}`),
  versions: (collection: string, id: string, minSeq?: number) =>
    call<{ items: ItemVersion[] }>(
      'GET',
      `/v1/${collection}/${id}/versions${minSeq ? `?minSeq=${minSeq}` : ''}`,
    ),
  publishPractice: (body: unknown, idempotencyKey: string) =>
    call<WriteResult>('POST', '/v1/practices', body, { 'idempotency-key': idempotencyKey }),
  /** A write of the forms (POST, PATCH, DELETE) with its Idempotency-Key and If-Match headers. */
  write: (method: string, path: string, body: unknown, headers: Record<string, string>) =>
    call<WriteResult>(method, path, body, headers),
};
