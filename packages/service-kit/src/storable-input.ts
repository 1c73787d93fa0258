import type { FastifyRequest } from 'fastify';
import { findUnstorableText } from '@rcpx/contracts';
import { problem } from './problem.ts';

const PARTS = [
  ['params', 'params'],
  ['query', 'query'],
  ['headers', 'headers'],
  ['body', 'body'],
] as const;

/**
 * `preValidation` hook of every route (installed by `createApp`): a request with a string that
 * PostgreSQL cannot store — a NUL or a lone UTF-16 surrogate, anywhere in its path parameters,
 * query string, headers or JSON body — is answered 400 before any handler sees it. One check for
 * every route, so no client string can make a query fail with "invalid byte sequence", and no
 * write can be accepted that the read models could not hold.
 */
export async function refuseUnstorableText(request: FastifyRequest): Promise<void> {
  for (const [part, name] of PARTS) {
    const found = findUnstorableText(request[part]);
    if (found) {
      const path = [name, ...found.path].join('.');
      throw problem.badRequest(`${path}: ${found.message}`, [{ path, message: found.message }]);
    }
  }
}
