import { jsonBodyParser, type App } from '@rcpx/service-kit';
import { ITEM_KINDS } from '../commands/kinds.ts';
import { adminTokensRoutes } from './admin-tokens.ts';
import { itemRoutes } from './items.ts';

/**
 * The write path as one (encapsulated) Fastify plugin: a plugin per resource — each item kind
 * (create, revise, withdraw) and admin tokens. Needs the `rcpx-db`, `rcpx-bus` and `rcpx-auth`
 * plugins registered on the parent.
 */
export async function ingestRoutes(app: App): Promise<void> {
  // A DELETE may carry `Content-Type: application/json` and no body (many clients send it by
  // default): read that as no body instead of answering 400. Scoped to these routes.
  const json = jsonBodyParser(app);
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (request.method === 'DELETE' && body === '') {
      done(null, undefined);
      return;
    }
    json(request, body as string, done);
  });

  for (const kind of ITEM_KINDS) await app.register(itemRoutes, { kind });
  await app.register(adminTokensRoutes);
}
