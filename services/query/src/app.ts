import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '@rcpx/db';
import { createServiceApp, authGuardOptions } from '@rcpx/service-kit';
import type { App, BaseConfig, AuthGuardConfig } from '@rcpx/service-kit';
import { queryRoutes } from './query-routes.ts';

export interface QueryDeps {
  config: Pick<BaseConfig, 'RCPX_READ_SCHEMA' | 'RCPX_ADMIN_TOKEN'> &
    Partial<Pick<BaseConfig, 'RCPX_CORS_ORIGINS' | 'RCPX_HTTP_IDLE_TIMEOUT_MS'>> &
    AuthGuardConfig;
  db: Kysely<Database>;
  logger: FastifyBaseLogger;
}

/** The query service as a standalone app: db, auth, ops, OpenAPI and the read routes. */
export async function buildApp({ config, db, logger }: QueryDeps): Promise<App> {
  const app = await createServiceApp({
    logger,
    db,
    adminToken: config.RCPX_ADMIN_TOKEN,
    corsOrigins: config.RCPX_CORS_ORIGINS,
    idleTimeoutMs: config.RCPX_HTTP_IDLE_TIMEOUT_MS,
    authGuard: authGuardOptions(config),
    openapi: { title: 'rcpx query', description: 'The read path of the rcpx exchange.' },
  });
  await app.register(queryRoutes, { schema: config.RCPX_READ_SCHEMA });
  return app;
}
