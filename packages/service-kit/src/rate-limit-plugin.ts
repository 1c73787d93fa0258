import fp from 'fastify-plugin';
import rateLimit from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import { problem } from './problem.ts';

export interface RateLimitPluginOptions {
  /** Requests per window and key (default 1200, i.e. 20/s sustained per token or IP). */
  max?: number;
  /** Window in ms (default 60 000). */
  timeWindowMs?: number;
  /** Requests allowed per window for anonymous callers (per IP); default `max`. */
  anonymousMax?: number;
  /** Exempt the admin token (default true). */
  exemptAdmin?: boolean;
}

/** Rate-limit key: the token id of a participant, else the client IP. */
export function rateLimitKey(request: FastifyRequest): string {
  const r = request.reader;
  if (r?.kind === 'participant') return `token:${r.tokenId}`;
  if (r?.kind === 'admin') return 'admin';
  return `ip:${request.ip}`;
}

/**
 * @fastify/rate-limit keyed by token id (participants) or IP (anonymous), answering a 429 problem
 * with `Retry-After`. Ops routes (/healthz, /readyz, /metrics) are not limited. Register it after
 * `authPlugin` so the token is known. Name `rcpx-rate-limit`.
 */
export const rateLimitPlugin = fp<RateLimitPluginOptions>(
  async (fastify, opts) => {
    const max = opts.max ?? 1200;
    const anonymousMax = opts.anonymousMax ?? max;
    const exemptAdmin = opts.exemptAdmin ?? true;
    await fastify.register(rateLimit, {
      global: true,
      max: (request) => (request.reader?.kind === 'participant' ? max : anonymousMax),
      timeWindow: opts.timeWindowMs ?? 60_000,
      keyGenerator: rateLimitKey,
      allowList: (request) =>
        (exemptAdmin && request.reader?.kind === 'admin') ||
        ['/healthz', '/readyz', '/metrics'].includes(request.routeOptions.url ?? ''),
      errorResponseBuilder: (_request, ctx) =>
        ctx.statusCode === 403
          ? problem.forbidden('Too many requests; temporarily banned.')
          : problem.tooMany(
              Math.ceil(ctx.ttl / 1000),
              `Rate limit of ${ctx.max} requests exceeded; retry in ${ctx.after}.`,
            ),
    });
  },
  { name: 'rcpx-rate-limit', fastify: '5.x' },
);
