import type { App } from '@rcpx/service-kit';
import { ITEM_KINDS } from '../commands/kinds.ts';
import { adminTokensRoutes } from './admin-tokens.ts';
import { itemRoutes } from './items.ts';
import { membershipRoutes } from './memberships.ts';

/**
 * The write path as one (encapsulated) Fastify plugin: a plugin per resource — each item kind
 * (create, revise, withdraw) and admin tokens. Needs the `rcpx-db`, `rcpx-bus` and `rcpx-auth`
 * plugins registered on the parent.
 */
export async function ingestRoutes(app: App): Promise<void> {
  // (A DELETE with `Content-Type: application/json` and no body is read as no body by the JSON
  // parser of every app: service-kit's jsonBodyParser.)
  for (const kind of ITEM_KINDS) await app.register(itemRoutes, { kind });
  await app.register(adminTokensRoutes);
  await app.register(membershipRoutes);
}
