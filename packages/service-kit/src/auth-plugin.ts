import { createHash, timingSafeEqual } from 'node:crypto';
import cookie from '@fastify/cookie';
import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ANONYMOUS } from '@rcpx/contracts';
import type { Reader } from '@rcpx/contracts';
import { findTokenStateByHash, hashToken } from '@rcpx/db';
import { AuthGuard } from './auth-guard.ts';
import type { AuthGuardOptions } from './auth-guard.ts';
import { problem } from './problem.ts';
import {
  CSRF_HEADER,
  SESSION_COOKIE,
  SessionStore,
  setSessionCookie,
  type RequestSession,
} from './session-store.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is asking, resolved from the bearer token by `authPlugin` (ANONYMOUS without one). */
    reader: Reader;
    /** The browser session the request was authenticated by (its cookie), else null. */
    session: RequestSession | null;
  }
  interface FastifyInstance {
    /** Failed-authentication limit per address and known-bad hashes; for other credentials too. */
    authGuard: AuthGuard;
    /** What a token stands for (admin, a live participant token), null when nothing. */
    resolveToken(request: FastifyRequest, token: string): Promise<Reader | null>;
    /** Browser sessions (`POST /v1/session`). */
    sessions: SessionStore;
    /** SHA-256 hex of the admin token, null when there is none. */
    adminTokenHash: string | null;
  }
}

export interface AuthPluginOptions {
  /** The admin bearer token (`RCPX_ADMIN_TOKEN`); no admin access when unset or empty. */
  adminToken?: string | undefined;
  /** How long a found token is cached, in ms; revocation takes effect within it. */
  cacheTtlMs?: number;
  /** The failed-authentication limit and known-bad cache (see `authGuardOptions`). */
  guard?: AuthGuardOptions;
}

const MAX_CACHE = 10_000;
const digest = (s: string) => createHash('sha256').update(s).digest();
const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * `POST /v1/session` (sign in again while a session cookie is present) needs no CSRF token: it
 * authenticates by the token in its JSON body, not by the cookie (SameSite=Strict, never sent
 * cross-site), and a JSON body cannot come from a cross-site form without a CORS preflight.
 */
const signsIn = (request: FastifyRequest) =>
  request.method === 'POST' && request.routeOptions.url === '/v1/session';

/**
 * The bearer token of a request: `Authorization: Bearer <t>`, or for GET/HEAD (browsers' WebSocket
 * and EventSource cannot set headers) the `access_token` query parameter. `null` when absent;
 * `''` when an Authorization header is present but not a bearer token.
 */
export function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const m = /^Bearer +(\S+) *$/i.exec(header);
    return m ? m[1]! : '';
  }
  if (request.method === 'GET' || request.method === 'HEAD') {
    const q = request.query as Record<string, unknown> | undefined;
    const t = q?.access_token;
    if (typeof t === 'string' && t !== '') return t;
  }
  return null;
}

/** What a lookup makes of a revoked token. */
const REVOKED = Symbol('revoked');
type Revoked = typeof REVOKED;

/**
 * Sets `request.reader` on every request (onRequest): admin when the token equals `adminToken`
 * (timing-safe), else the participant of a live `tokens` row, else ANONYMOUS without a token.
 * An unknown or revoked token → 401 problem with `WWW-Authenticate: Bearer`; too many of them
 * from one address → 429 (`fastify.authGuard`). Without a bearer token, the `rcpx_session`
 * cookie of a live session stands for its token (an unknown one reads as anonymous), and a
 * write it authenticates needs the session's CSRF token in `X-CSRF-Token` (403 without), but
 * for signing in again (`POST /v1/session`).
 * Registers @fastify/cookie. Name `rcpx-auth`; needs `rcpx-db`.
 */
export const authPlugin = fp<AuthPluginOptions>(
  async (fastify, opts) => {
    const admin = opts.adminToken ? digest(opts.adminToken) : null;
    const ttl = opts.cacheTtlMs ?? 2_000;
    const guard = new AuthGuard(opts.guard);
    // Found tokens (and lookups in flight); what matched nothing is the guard's.
    const cache = new Map<string, { at: number; reader: Promise<Reader | null> }>();

    const lookup = (request: FastifyRequest, token: string): Promise<Reader | null> => {
      const hash = hashToken(token);
      const now = Date.now();
      const hit = cache.get(hash);
      if (hit && now - hit.at < ttl) return hit.reader;
      if (cache.size >= MAX_CACHE) {
        for (const [k, v] of cache) if (now - v.at >= ttl) cache.delete(k);
        if (cache.size >= MAX_CACHE) cache.clear();
      }
      // A revoked token was real, not a guess: refused (401) without counting as a failed
      // authentication of its address (an integration still calling with it must not lock out
      // the other tokens of a shared office address), and cached like a found one.
      const found = guard.verify(
        request.ip,
        hash,
        async (): Promise<Reader | Revoked | undefined> => {
          const row = await findTokenStateByHash(fastify.db, hash);
          if (row === 'revoked') return REVOKED;
          return row
            ? Object.freeze({
                kind: 'participant' as const,
                participant: row.participant,
                role: row.role,
                tokenId: row.id,
              })
            : undefined;
        },
      );
      const reader = found.then((r) => (r === undefined || r === REVOKED ? null : r));
      cache.set(hash, { at: now, reader });
      // Found and revoked tokens stay cached: not a miss, a 429 or a failed lookup (database down).
      const drop = () => cache.get(hash)?.reader === reader && cache.delete(hash);
      found.then((r) => r === undefined && drop(), drop);
      return reader;
    };

    await fastify.register(cookie);
    const sessions = new SessionStore(fastify.db, ttl);
    const adminHash = opts.adminToken ? hashToken(opts.adminToken) : null;

    const fromSession = async (
      request: FastifyRequest,
      reply: FastifyReply,
      value: string,
    ): Promise<void> => {
      const found = await sessions.find(value, adminHash, (lookup) =>
        guard.verify(request.ip, hashToken(value), lookup),
      );
      if (!found) {
        // ended, expired or revoked: the browser forgets it (and reads as anonymous)
        setSessionCookie(request, reply, '', null);
        return;
      }
      if (!SAFE_METHODS.has(request.method) && !signsIn(request)) {
        const header = request.headers[CSRF_HEADER];
        if (!sessions.verifyCsrf(found.session, typeof header === 'string' ? header : undefined)) {
          throw problem.forbidden(
            'A write signed in by a session cookie needs its CSRF token in the X-CSRF-Token ' +
              'header (GET /v1/session gives one).',
          );
        }
      }
      request.reader = found.reader;
      request.session = found.session;
    };

    const resolveToken = async (request: FastifyRequest, token: string): Promise<Reader | null> =>
      admin && timingSafeEqual(digest(token), admin)
        ? Object.freeze({ kind: 'admin' as const })
        : lookup(request, token);

    fastify.decorate('authGuard', guard);
    fastify.decorate('resolveToken', resolveToken);
    fastify.decorate('sessions', sessions);
    fastify.decorate('adminTokenHash', adminHash);
    fastify.decorateRequest('reader', null as never);
    fastify.decorateRequest('session', null);
    fastify.addHook('onRequest', async (request, reply) => {
      request.reader = ANONYMOUS;
      request.session = null;
      const token = bearerToken(request);
      if (token === null) {
        const value = request.cookies[SESSION_COOKIE];
        if (value) await fromSession(request, reply, value);
        return;
      }
      if (token === '')
        throw problem.unauthorized('The Authorization header must be "Bearer <token>".');
      const reader = await resolveToken(request, token);
      if (!reader) throw problem.unauthorized('The bearer token is unknown or revoked.', true);
      request.reader = reader;
    });
  },
  { name: 'rcpx-auth', fastify: '5.x', dependencies: ['rcpx-db'] },
);

/** The participant slug of a publisher token; 401 when anonymous, 403 otherwise. */
export function requirePublisher(request: FastifyRequest): string {
  const r = request.reader;
  if (!r || r.kind === 'anonymous') throw problem.unauthorized();
  if (r.kind === 'admin')
    throw problem.forbidden('The admin token does not belong to a participant.');
  if (r.role !== 'publisher') throw problem.forbidden('This token may read but not publish.');
  return r.participant;
}

/** Passes for the admin token; 401 when anonymous, 403 otherwise. */
export function requireAdmin(request: FastifyRequest): void {
  const r = request.reader;
  if (!r || r.kind === 'anonymous') throw problem.unauthorized();
  if (r.kind !== 'admin') throw problem.forbidden('This requires the admin token.');
}
