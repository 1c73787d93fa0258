import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import Tokens from '@fastify/csrf';
import type { Reader } from '@rcpx/contracts';
import {
  endSession,
  findSession,
  hashToken,
  openSession,
  type Database,
  type LiveSession,
} from '@rcpx/db';

/** The session cookie's name. */
export const SESSION_COOKIE = 'rcpx_session';
/** The header a cookie-authenticated write carries its CSRF token in. */
export const CSRF_HEADER = 'x-csrf-token';
/** How long a session lasts from sign-in. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/** The session a request was authenticated by. */
export interface RequestSession {
  id: string;
  hash: string;
  csrfSecret: string;
  expiresAt: Date;
}

const csrf = new Tokens({ validity: 0 });
/** Runs a session lookup through the failed-authentication limit (`AuthGuard.verify`). */
type Guard = <T>(lookup: () => Promise<T | undefined>) => Promise<T | undefined>;
/** What the guard is given for a session that exists but ended: found, so no failure. */
const ENDED = Symbol('ended');
const MAX_CACHE = 10_000;

/**
 * Browser sessions (`POST /v1/session`): opens them, finds the live one of a cookie (cached for
 * `ttlMs`, like tokens: a revocation or sign-out elsewhere takes effect within it; here at once),
 * and makes and checks their CSRF tokens (`@fastify/csrf`, the secret is the session's own).
 */
export class SessionStore {
  readonly #db: Kysely<Database>;
  readonly #ttlMs: number;
  readonly #cache = new Map<string, { at: number; found: Promise<Found | undefined> }>();

  constructor(db: Kysely<Database>, ttlMs: number) {
    this.#db = db;
    this.#ttlMs = ttlMs;
  }

  /** Opens a session for what a token resolved to; returns the cookie value (shown once). */
  async open(
    reader: Reader,
    adminHash: string | null,
  ): Promise<{ cookie: string; expiresAt: Date }> {
    if (reader.kind === 'anonymous') throw new Error('an anonymous reader has no session');
    const cookie = `rcpxs_${randomBytes(32).toString('base64url')}`;
    const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
    await openSession(this.#db, {
      hash: hashToken(cookie),
      tokenId: reader.kind === 'participant' ? reader.tokenId : null,
      adminHash: reader.kind === 'admin' ? adminHash : null,
      csrfSecret: csrf.secretSync(),
      expiresAt,
    });
    return { cookie, expiresAt };
  }

  /**
   * The reader and session of a cookie value, or undefined when it names no live session. An
   * admin session lives only while the admin token it was opened with is the current one. A
   * lookup that is not cached runs through `guard` (the failed-authentication limit).
   */
  find(
    cookie: string,
    adminHash: string | null,
    guard: Guard = (l) => l(),
  ): Promise<Found | undefined> {
    const hash = hashToken(cookie);
    const now = Date.now();
    const hit = this.#cache.get(hash);
    const found = hit && now - hit.at < this.#ttlMs ? hit.found : this.#lookup(hash, now, guard);
    return found.then((f) =>
      f && (f.reader.kind !== 'admin' || f.adminHash === adminHash) ? f : undefined,
    );
  }

  /** Ends a session here and now (sign-out). */
  async end(session: RequestSession): Promise<void> {
    this.#cache.delete(session.hash);
    await endSession(this.#db, session.id);
  }

  /** A fresh CSRF token of the session (any number of them are valid at once). */
  csrfToken(session: RequestSession): string {
    return csrf.create(session.csrfSecret);
  }

  /** Whether `token` is a CSRF token of the session. */
  verifyCsrf(session: RequestSession, token: string | undefined): boolean {
    return token !== undefined && token !== '' && csrf.verify(session.csrfSecret, token);
  }

  #lookup(hash: string, now: number, guard: Guard): Promise<Found | undefined> {
    if (this.#cache.size >= MAX_CACHE) {
      for (const [k, v] of this.#cache) if (now - v.at >= this.#ttlMs) this.#cache.delete(k);
      if (this.#cache.size >= MAX_CACHE) this.#cache.clear();
    }
    // A cookie of a session that ended (signed out, expired, its token revoked) is a stale
    // cookie, not a guess: it reads as anonymous without counting as a failed authentication.
    const found = guard(() =>
      findSession(this.#db, hash).then((row) => (row === 'ended' ? ENDED : this.#found(hash, row))),
    ).then((f) => (f === ENDED ? undefined : f));
    this.#cache.set(hash, { at: now, found });
    const drop = () => this.#cache.get(hash)?.found === found && this.#cache.delete(hash);
    found.then((f) => f === undefined && drop(), drop);
    return found;
  }

  #found(hash: string, row: LiveSession | undefined): Found | undefined {
    if (!row) return undefined;
    const session = { id: row.id, hash, csrfSecret: row.csrfSecret, expiresAt: row.expiresAt };
    if (!row.token) {
      const reader = Object.freeze({ kind: 'admin' as const });
      return { reader, session, adminHash: row.adminHash };
    }
    const { id: tokenId, participant, role } = row.token;
    const reader = Object.freeze({ kind: 'participant' as const, participant, role, tokenId });
    return { reader, session, adminHash: null };
  }
}

/** What a session cookie resolved to. */
export interface Found {
  reader: Reader;
  session: RequestSession;
  /** The admin token hash an admin session was opened with. */
  adminHash: string | null;
}

/** Sets the session cookie: HttpOnly, SameSite=Strict, Path=/, Secure behind https. */
export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  value: string,
  expiresAt: Date | null,
): void {
  reply.setCookie(SESSION_COOKIE, value, {
    httpOnly: true,
    sameSite: 'strict',
    path: '/',
    secure: request.protocol === 'https',
    ...(expiresAt
      ? { expires: expiresAt, maxAge: Math.floor((expiresAt.getTime() - Date.now()) / 1000) }
      : { expires: new Date(0), maxAge: 0 }),
  });
}
