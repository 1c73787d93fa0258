import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsync } from 'fastify';
import { problem } from '@rcpx/service-kit';
import { MY_WORK_PATHS } from '../workspace/src/my-work-logic.ts';
import { webBundle } from './web-bundle.ts';
import type { WebBundle } from './web-bundle.ts';
import { ASSET_CACHE, PAGE_CACHE, sendWebAsset } from './web-page.ts';

/** The workspace's source folder (`services/gateway/workspace`). */
export const WORKSPACE_DIR = fileURLToPath(new URL('../workspace/', import.meta.url));

/** The workspace bundle, built in memory once per process. */
export const workspaceBundle = (): Promise<WebBundle> => webBundle(WORKSPACE_DIR);

export interface WorkspaceRoutesOptions {
  /** The bundle to serve (default: built in memory once per process with esbuild). */
  bundle?: () => Promise<WebBundle>;
}

/** The paths the workspace has a view for (anything else under `/app` is its 404 page). */
const VIEWS =
  /^\/app(?:\/(?:sign-in|(?:practices|meetings|publications)(?:\/new|\/[0-9a-f-]{36}(?:\/edit)?)?|subscriptions(?:\/[0-9a-f-]{36})?))?\/?$/;

const DESCRIPTION = `The secretariat workspace (HTML, one page with client-side routing): the public
catalogue of practices, meeting outcomes and publications without signing in (search, filters and
paging in the URL: \`/app/practices?themes=…&q=…\`, an item at \`/app/practices/<id>\`, same for
meetings and publications), sign-in with a participant token (\`POST /v1/session\`; the token is
never kept by the page), publishing a practice, a meeting's outcomes or a publication
(\`/app/practices/new\`, \`/app/meetings/new\`, \`/app/publications/new\`), and revising or
withdrawing one's own item (\`/app/<collection>/<id>/edit\`; withdraw from the item's page);
signed in, "My work" (\`/app/my-work\`: queries to reply to and launched, \`/app/queries/<id>\`,
\`/app/queries/new\`, recommendations to follow up, \`/app/follow-ups/<meeting>/<ref>\`), webhook
subscriptions with their delivery log and Atom feed keys (\`/app/subscriptions\`,
\`/app/subscriptions/<id>\`). Lists and item pages follow \`GET /v1/live\`. \`lang\` (en|fr|es)
chooses the language.`;

/**
 * `GET /app` and every path below it (the workspace page, revalidated on every load; 404 with
 * the same page where it has no view) and `GET /app/assets/<name>` (content-hashed script,
 * stylesheet and source maps, cached for a year). Strict CSP, same origin only.
 */
export const workspaceRoutes: FastifyPluginAsync<WorkspaceRoutesOptions> = async (
  fastify,
  opts,
) => {
  const bundle = await (opts.bundle ?? workspaceBundle)();

  fastify.get(
    '/app',
    {
      // a stray ?access_token that is unknown gets a readable 401 page, not JSON
      config: { page: true },
      schema: {
        tags: ['workspace'],
        summary: 'The secretariat workspace',
        description: DESCRIPTION,
      },
    },
    async (request, reply) => sendWebAsset(request, reply, bundle.html, PAGE_CACHE),
  );

  fastify.get(
    '/app/*',
    { config: { page: true }, schema: { hide: true } },
    async (request, reply) => {
      const path = request.url.split('?')[0]!;
      if (!VIEWS.test(path) && !MY_WORK_PATHS.test(path)) reply.code(404);
      return sendWebAsset(request, reply, bundle.html, PAGE_CACHE);
    },
  );

  fastify.get<{ Params: { name: string } }>(
    '/app/assets/:name',
    { schema: { hide: true } },
    async (request, reply) => {
      const file = bundle.assets.get(request.params.name);
      if (!file) throw problem.notFound('No such workspace asset.');
      return sendWebAsset(request, reply, file, ASSET_CACHE);
    },
  );
};
