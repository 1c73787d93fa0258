import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Bus } from '@rcpx/bus';
import type { Database } from '@rcpx/db';
import { createServiceApp, authGuardOptions } from '@rcpx/service-kit';
import type { App, BaseConfig, AuthGuardConfig } from '@rcpx/service-kit';
import { ingestRoutes } from './routes/index.ts';

/** What the ingest service runs on. */
export interface IngestDeps {
  config: Pick<BaseConfig, 'RCPX_ADMIN_TOKEN'> &
    Partial<Pick<BaseConfig, 'RCPX_CORS_ORIGINS' | 'RCPX_HTTP_IDLE_TIMEOUT_MS'>> &
    AuthGuardConfig;
  db: Kysely<Database>;
  bus: Bus;
  logger: FastifyBaseLogger;
}

/** The ingest service as a full Fastify app (closing it closes `db` and `bus`). */
export async function buildApp({ config, db, bus, logger }: IngestDeps): Promise<App> {
  const app = await createServiceApp({
    logger,
    db,
    bus,
    adminToken: config.RCPX_ADMIN_TOKEN,
    corsOrigins: config.RCPX_CORS_ORIGINS,
    idleTimeoutMs: config.RCPX_HTTP_IDLE_TIMEOUT_MS,
    authGuard: authGuardOptions(config),
    openapi: {
      title: 'rcpx ingest',
      description:
        'The write path of the rcpx exchange: every accepted write is an event in the log.',
    },
  });
  await app.register(ingestRoutes);
  return app;
}
