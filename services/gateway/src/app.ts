import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Bus } from '@rcpx/bus';
import type { Database } from '@rcpx/db';
import { createServiceApp, authGuardOptions, sessionRoutes } from '@rcpx/service-kit';
import type { App, BaseConfig, AuthGuardConfig } from '@rcpx/service-kit';
import type { LiveSettings } from './config.ts';
import { startLiveHub } from './live-hub.ts';
import type { LiveHub, LiveHubOptions } from './live-hub.ts';
import { gatewayRoutes } from './live-routes.ts';

export interface GatewayDeps {
  config: Pick<BaseConfig, 'RCPX_ADMIN_TOKEN'> &
    Partial<
      Pick<BaseConfig, 'RCPX_CORS_ORIGINS' | 'RCPX_HTTP_IDLE_TIMEOUT_MS' | 'RCPX_READ_SCHEMA'>
    > &
    AuthGuardConfig;
  db: Kysely<Database>;
  bus: Bus;
  logger: FastifyBaseLogger;
  /** Live endpoint tunables (see `liveSettings(config)`). */
  settings?: Partial<LiveSettings>;
  /** Hub tunables (memory kept for resumes). */
  hub?: Pick<LiveHubOptions, 'recentFrames' | 'recentBytes' | 'maxLogCatchUps' | 'maxLogReads'>;
  /** A hub started by the caller (who then closes it); by default the app starts its own. */
  liveHub?: LiveHub;
}

/**
 * The gateway as a standalone app: db, bus, auth, ops, OpenAPI, `GET /v1/live` and the browser
 * session (`/v1/session`). Starts its
 * live hub; closing the app closes the hub, the live connections, the bus and the db.
 */
export async function buildApp(deps: GatewayDeps): Promise<App> {
  const { config, db, bus, logger } = deps;
  const app = await createServiceApp({
    logger,
    db,
    bus,
    adminToken: config.RCPX_ADMIN_TOKEN,
    corsOrigins: config.RCPX_CORS_ORIGINS,
    authGuard: authGuardOptions(config),
    idleTimeoutMs: config.RCPX_HTTP_IDLE_TIMEOUT_MS,
    openapi: {
      title: 'rcpx gateway',
      description: 'Live events of the rcpx exchange over WebSocket and Server-Sent Events.',
    },
  });
  const hub = deps.liveHub ?? (await startLiveHub({ bus, logger, ...deps.hub }));
  if (!deps.liveHub) app.addHook('onClose', async () => hub.close());
  await app.register(gatewayRoutes, {
    hub,
    ...(config.RCPX_READ_SCHEMA !== undefined && { schema: config.RCPX_READ_SCHEMA }),
    ...(deps.settings ? { settings: deps.settings } : {}),
  });
  await app.register(sessionRoutes);
  return app;
}
