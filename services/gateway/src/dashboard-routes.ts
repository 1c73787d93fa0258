import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { problem } from '@rcpx/service-kit';
import { dashboardBundle } from './dashboard-bundle.ts';
import type { DashboardAsset, DashboardBundle } from './dashboard-bundle.ts';

export interface DashboardRoutesOptions {
  /** The bundle to serve (default: built in memory once per process with esbuild). */
  bundle?: () => Promise<DashboardBundle>;
}

/**
 * Content-Security-Policy of the dashboard: its own origin only (scripts, styles, the API and
 * the live WebSocket), nothing inline, no framing.
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS = {
  'content-security-policy': DASHBOARD_CSP,
  'x-content-type-options': 'nosniff',
  // The page may carry `access_token` in its URL: never send it on.
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

const DESCRIPTION = `The live workshop view (HTML): a ticker of arriving items, live counts per theme and
participant, a theme filter, a connection indicator and an en/fr/es switch. Query parameters are
read by the page: \`lang\` (en|fr|es), \`themes\` (comma-separated), \`asOf=<seq>\` (time travel:
counts and ticker as they stood at that seq) and \`access_token\` (a participant's view).`;

function matches(request: FastifyRequest, etag: string): boolean {
  const header = request.headers['if-none-match'];
  if (header === undefined) return false;
  return header === '*' || header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

function send(
  request: FastifyRequest,
  reply: FastifyReply,
  file: DashboardAsset,
  cacheControl: string,
) {
  reply.headers({ ...SECURITY_HEADERS, 'cache-control': cacheControl, etag: file.etag });
  if (matches(request, file.etag)) return reply.code(304).send();
  return reply.type(file.contentType).send(file.body);
}

/**
 * `GET /dashboard` (the page, revalidated on every load) and `GET /dashboard/assets/<name>`
 * (content-hashed script, stylesheet and source maps, cached for a year). The bundle is built
 * in memory with esbuild when the plugin registers (once per process).
 */
export const dashboardRoutes: FastifyPluginAsync<DashboardRoutesOptions> = async (
  fastify,
  opts,
) => {
  const bundle = await (opts.bundle ?? dashboardBundle)();

  fastify.get(
    '/dashboard',
    {
      // a link with a revoked access_token is answered with a page, not JSON
      config: { page: true },
      schema: {
        tags: ['dashboard'],
        summary: 'The live workshop dashboard',
        description: DESCRIPTION,
      },
    },
    async (request, reply) => send(request, reply, bundle.html, 'no-cache'),
  );

  fastify.get('/dashboard/', { schema: { hide: true } }, async (request, reply) => {
    const q = request.url.indexOf('?');
    return reply.redirect(q === -1 ? '/dashboard' : `/dashboard${request.url.slice(q)}`, 308);
  });

  fastify.get<{ Params: { name: string } }>(
    '/dashboard/assets/:name',
    { schema: { hide: true } },
    async (request, reply) => {
      const file = bundle.assets.get(request.params.name);
      if (!file) throw problem.notFound('No such dashboard asset.');
      return send(request, reply, file, 'public, max-age=31536000, immutable');
    },
  );
};
