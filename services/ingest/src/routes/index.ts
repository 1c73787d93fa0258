import type { App } from '@rcpx/service-kit';
import { adminTokensRoutes } from './admin-tokens.ts';
import { meetingsCreateRoute } from './meetings-create.ts';
import { practicesCreateRoute } from './practices-create.ts';
import { practicesReviseRoute } from './practices-revise.ts';
import { practicesWithdrawRoute } from './practices-withdraw.ts';
import { publicationsCreateRoute } from './publications-create.ts';

/**
 * The write path as one (encapsulated) Fastify plugin: practices (share, revise, withdraw),
 * meetings, publications and admin tokens. Needs the `rcpx-db`, `rcpx-bus` and `rcpx-auth`
 * plugins registered on the parent.
 */
export async function ingestRoutes(app: App): Promise<void> {
  // (A DELETE with `Content-Type: application/json` and no body is read as no body by the JSON
  // parser of every app: service-kit's jsonBodyParser.)
  await app.register(practicesCreateRoute);
  await app.register(practicesReviseRoute);
  await app.register(practicesWithdrawRoute);
  await app.register(meetingsCreateRoute);
  await app.register(publicationsCreateRoute);
  await app.register(adminTokensRoutes);
}
