import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { SessionCreateBody, SessionInfo, type Reader } from '@rcpx/contracts';
import type { App } from './app.ts';
import { problem } from './problem.ts';
import { problemResponses } from './problem-responses.ts';
import { setSessionCookie, type RequestSession } from './session-store.ts';

function infoOf(app: App, reader: Reader, session: RequestSession): SessionInfo {
  return {
    participant: reader.kind === 'participant' ? reader.participant : null,
    role: reader.kind === 'participant' ? reader.role : 'admin',
    expiresAt: session.expiresAt.toISOString(),
    csrfToken: app.sessions.csrfToken(session),
  };
}

function signedIn(request: FastifyRequest): RequestSession {
  if (!request.session) {
    throw problem.unauthorized('No session: sign in with POST /v1/session {"token": "…"}.');
  }
  return request.session;
}

/**
 * `POST /v1/session` (sign in with a token → 204 and an HttpOnly, SameSite=Strict session cookie,
 * Secure behind https), `GET /v1/session` (who, until when, and a CSRF token) and
 * `DELETE /v1/session` (sign out). Needs `authPlugin`.
 */
export async function sessionRoutes(app: App): Promise<void> {
  app.post(
    '/v1/session',
    {
      schema: {
        tags: ['session'],
        summary: 'Sign in a browser',
        description:
          'Exchanges a participant token (or the admin token) for a session cookie ' +
          '(`rcpx_session`: HttpOnly, SameSite=Strict, Path=/, Secure behind https, 12 hours). ' +
          'The cookie then stands for the token on every request without an Authorization ' +
          "header; a write it authenticates needs the session's CSRF token in `X-CSRF-Token` " +
          "(in this answer's `X-CSRF-Token` header, and from `GET /v1/session`). Revoking the " +
          'token ends its sessions. Signing in again ends the session the browser had; it ' +
          'needs no CSRF token (it authenticates by the token in its JSON body, not by the ' +
          'cookie).',
        body: SessionCreateBody,
        response: {
          204: z.null().meta({ description: 'Signed in.' }),
          ...problemResponses(400, 401, 429, 503),
        },
      },
    },
    async (request, reply) => {
      const reader = await app.resolveToken(request, request.body.token);
      if (!reader) throw problem.unauthorized('The token is unknown or revoked.', true);
      if (request.session) await app.sessions.end(request.session);
      const { cookie, expiresAt } = await app.sessions.open(reader, app.adminTokenHash);
      const found = await app.sessions.find(cookie, app.adminTokenHash);
      if (!found) throw new Error('a session just opened was not found');
      setSessionCookie(request, reply, cookie, expiresAt);
      reply.header('x-csrf-token', app.sessions.csrfToken(found.session));
      reply.header('cache-control', 'no-store');
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/v1/session',
    {
      schema: {
        tags: ['session'],
        summary: 'The browser session',
        description:
          'Who the session cookie signs in as, when it expires, and a fresh CSRF token ' +
          '(every token it gives stays valid for the session). 401 without a live session.',
        response: { 200: SessionInfo, ...problemResponses(401, 503) },
      },
    },
    async (request, reply) => {
      const session = signedIn(request);
      reply.header('cache-control', 'no-store');
      return infoOf(app, request.reader, session);
    },
  );

  app.delete(
    '/v1/session',
    {
      schema: {
        tags: ['session'],
        summary: 'Sign out',
        description:
          'Ends the session of the cookie (with its CSRF token in `X-CSRF-Token`) and clears ' +
          'the cookie. Without a session: 204 all the same.',
        response: {
          204: z.null().meta({ description: 'Signed out.' }),
          ...problemResponses(403, 503),
        },
      },
    },
    async (request, reply) => {
      if (request.session) await app.sessions.end(request.session);
      setSessionCookie(request, reply, '', null);
      return reply.code(204).send(null);
    },
  );
}
