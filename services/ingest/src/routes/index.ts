import type { Clock } from '@rcpx/contracts';
import type { App } from '@rcpx/service-kit';
import { ITEM_KINDS } from '../commands/kinds.ts';
import { adminTokensRoutes } from './admin-tokens.ts';
import { adoptionRoutes } from './adoptions.ts';
import { followUpRoutes } from './follow-ups.ts';
import { itemRoutes } from './items.ts';
import { membershipRoutes } from './memberships.ts';
import { queryWriteRoutes } from './queries.ts';

/** Options of `ingestRoutes`. */
export interface IngestRoutesOptions {
  /** Where "today" comes from (query deadlines); the system clock by default. */
  clock?: Clock | undefined;
}

/**
 * The write path as one (encapsulated) Fastify plugin: a plugin per resource — each item kind
 * (create, revise, withdraw) and admin tokens. Needs the `rcpx-db`, `rcpx-bus` and `rcpx-auth`
 * plugins registered on the parent.
 */
export async function ingestRoutes(app: App, opts: IngestRoutesOptions = {}): Promise<void> {
  // (A DELETE with `Content-Type: application/json` and no body is read as no body by the JSON
  // parser of every app: service-kit's jsonBodyParser.)
  for (const kind of ITEM_KINDS) await app.register(itemRoutes, { kind });
  await app.register(queryWriteRoutes, { clock: opts.clock });
  await app.register(adoptionRoutes);
  await app.register(followUpRoutes);
  await app.register(adminTokensRoutes);
  await app.register(membershipRoutes);
}
