import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Bus } from '@rcpx/bus';
import type { Clock } from '@rcpx/contracts';
import type { Database } from '@rcpx/db';
import { feedsRoutes } from '@rcpx/feeds';
import {
  dashboardRoutes,
  gatewayRoutes,
  liveSettings,
  workspaceRoutes,
  type LiveHub,
} from '@rcpx/gateway';
import { ingestRoutes } from '@rcpx/ingest';
import { queryRoutes } from '@rcpx/query';
import { authGuardOptions, createServiceApp, sessionRoutes, type App } from '@rcpx/service-kit';
import { webhooksRoutes } from '@rcpx/webhooks';
import type { AllInOneConfig } from './config.ts';

export interface AllInOneDeps {
  config: AllInOneConfig;
  db: Kysely<Database>;
  bus: Bus;
  logger: FastifyBaseLogger;
  hub: LiveHub;
  /** The local webhook worker's wake-up, so subscription changes act at once. */
  wake?: () => void;
  /** Where "today" comes from (query deadlines); the system clock by default. */
  clock?: Clock;
}

/** Every HTTP surface of the exchange in one Fastify app (the projector and workers run beside it). */
export async function buildApp(deps: AllInOneDeps): Promise<App> {
  const { config, db, bus, logger, hub } = deps;
  const schema = config.RCPX_READ_SCHEMA;
  const app = await createServiceApp({
    logger,
    db,
    bus,
    adminToken: config.RCPX_ADMIN_TOKEN,
    corsOrigins: config.RCPX_CORS_ORIGINS,
    authGuard: authGuardOptions(config),
    idleTimeoutMs: config.RCPX_HTTP_IDLE_TIMEOUT_MS,
    ...(config.RCPX_RATE_LIMIT > 0 ? { rateLimit: { max: config.RCPX_RATE_LIMIT } } : {}),
    openapi: {
      title: 'rcpx',
      description:
        'The exchange of information and good practice between Regional Consultative Processes on migration.',
    },
  });
  await app.register(ingestRoutes, { clock: deps.clock });
  await app.register(queryRoutes, { schema, clock: deps.clock });
  await app.register(feedsRoutes, { schema });
  await app.register(webhooksRoutes, { config, ...(deps.wake ? { wake: deps.wake } : {}) });
  await app.register(gatewayRoutes, { hub, schema, settings: liveSettings(config) });
  await app.register(dashboardRoutes);
  await app.register(workspaceRoutes);
  await app.register(sessionRoutes);
  return app;
}
