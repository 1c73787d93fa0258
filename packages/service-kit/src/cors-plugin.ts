import fp from 'fastify-plugin';
import cors from '@fastify/cors';
import { appendVary } from './vary.ts';

export interface CorsPluginOptions {
  /** Browser origins allowed to call the API (`https://a.example`), or `['*']` for any. */
  origins: readonly string[];
}

/** Request headers a browser client may send beyond the CORS-safelisted ones. */
export const CORS_ALLOWED_HEADERS = [
  'authorization',
  'content-type',
  'if-match',
  'if-none-match',
  'idempotency-key',
  'last-event-id',
  'accept',
  'accept-language',
] as const;

/** Response headers a browser client may read beyond the CORS-safelisted ones. */
export const CORS_EXPOSED_HEADERS = [
  'etag',
  'location',
  'link',
  'retry-after',
  'rcpx-seq',
  'rcpx-after',
  'idempotent-replayed',
  'x-ratelimit-limit',
  'x-ratelimit-remaining',
  'x-ratelimit-reset',
] as const;

/**
 * CORS (@fastify/cors) for `RCPX_CORS_ORIGINS`: those origins may call every route, preflight
 * included; other origins get no CORS headers (and their preflight a 404). Credentials (cookies)
 * are never allowed cross-origin: browser clients send `Authorization: Bearer`. Register it first
 * so that errors (401, 404, 429, 503) carry the headers too. Name `rcpx-cors`.
 */
export const corsPlugin = fp<CorsPluginOptions>(
  async (fastify, opts) => {
    if (opts.origins.length === 0) return;
    const any = opts.origins.includes('*');
    const allowed = new Set(opts.origins);
    await fastify.register(cors, {
      origin: any ? '*' : (origin, cb) => cb(null, origin !== undefined && allowed.has(origin)),
      credentials: false,
      methods: ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'],
      allowedHeaders: [...CORS_ALLOWED_HEADERS],
      exposedHeaders: [...CORS_EXPOSED_HEADERS],
      maxAge: 600,
      // An OPTIONS without Origin or Access-Control-Request-Method is no preflight: answered like
      // any other (never @fastify/cors' plain-text 400).
      strictPreflight: false,
    });
    // Routes that set their own `Vary` (authorization, accept…) replace the `Origin` CORS added;
    // a shared cache must still keep one answer per origin.
    if (!any) {
      fastify.addHook('onSend', async (_request, reply, payload) => {
        appendVary(reply, 'Origin');
        return payload;
      });
    }
  },
  { name: 'rcpx-cors', fastify: '5.x' },
);
