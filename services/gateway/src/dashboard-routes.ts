import type { FastifyPluginAsync } from 'fastify';
import { problem } from '@rcpx/service-kit';
import { dashboardBundle } from './dashboard-bundle.ts';
import type { DashboardBundle } from './dashboard-bundle.ts';
import { ASSET_CACHE, PAGE_CACHE, PAGE_CSP, sendWebAsset } from './web-page.ts';

export interface DashboardRoutesOptions {
  /** The bundle to serve (default: built in memory once per process with esbuild). */
  bundle?: () => Promise<DashboardBundle>;
}

/** Content-Security-Policy of the dashboard (that of every page of the exchange). */
export const DASHBOARD_CSP = PAGE_CSP;

const DESCRIPTION = `The live workshop view (HTML): a ticker of arriving items, live counts per theme and
participant, a theme filter, a connection indicator, an en/fr/es switch, and the network: who
learns from whom (adoptions between processes), open queries with their deadline countdown and
replies, follow-up of recommendations per process. Query parameters are
read by the page: \`lang\` (en|fr|es), \`themes\` (comma-separated), \`asOf=<seq>\` (time travel:
counts and ticker as they stood at that seq) and \`access_token\` (a participant's view).`;

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
    async (request, reply) => sendWebAsset(request, reply, bundle.html, PAGE_CACHE),
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
      return sendWebAsset(request, reply, file, ASSET_CACHE);
    },
  );
};
