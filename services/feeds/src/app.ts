import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '@rcpx/db';
import { authGuardOptions, createServiceApp } from '@rcpx/service-kit';
import type { App, AuthGuardConfig, BaseConfig } from '@rcpx/service-kit';
import { feedsRoutes } from './feeds-routes.ts';
import type { FeedsRoutesOptions } from './feeds-routes.ts';

export interface FeedsDeps {
  config: Pick<BaseConfig, 'RCPX_READ_SCHEMA' | 'RCPX_ADMIN_TOKEN'> &
    Partial<Pick<BaseConfig, 'RCPX_CORS_ORIGINS' | 'RCPX_HTTP_IDLE_TIMEOUT_MS'>> &
    AuthGuardConfig;
  db: Kysely<Database>;
  logger: FastifyBaseLogger;
  /** Route options beyond the schema (page size, minSeq timeout). */
  routes?: Omit<FeedsRoutesOptions, 'schema'>;
}

/** The feeds service as a standalone app: db, auth, ops, OpenAPI, `/v1/events` and Atom. */
export async function buildApp({ config, routes, ...deps }: FeedsDeps): Promise<App> {
  const app = await createServiceApp({
    ...deps,
    adminToken: config.RCPX_ADMIN_TOKEN,
    corsOrigins: config.RCPX_CORS_ORIGINS,
    idleTimeoutMs: config.RCPX_HTTP_IDLE_TIMEOUT_MS,
    authGuard: authGuardOptions(config),
    openapi: {
      title: 'rcpx feeds',
      description: 'The rcpx event log as CloudEvents batches, and Atom feeds.',
    },
  });
  await app.register(feedsRoutes, { ...routes, schema: config.RCPX_READ_SCHEMA });
  return app;
}
