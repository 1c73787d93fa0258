import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Bus } from '@rcpx/bus';
import type { Database } from '@rcpx/db';
import { createApp, type App } from './app.ts';
import type { AuthGuardOptions } from './auth-guard.ts';
import { authPlugin } from './auth-plugin.ts';
import { busPlugin } from './bus-plugin.ts';
import { corsPlugin } from './cors-plugin.ts';
import { dbPlugin } from './db-plugin.ts';
import { openapiPlugin } from './openapi-plugin.ts';
import { checkBus, checkDb, opsPlugin } from './ops-plugin.ts';
import { rateLimitPlugin, type RateLimitPluginOptions } from './rate-limit-plugin.ts';

export interface ServiceAppOptions {
  logger: FastifyBaseLogger;
  db: Kysely<Database>;
  /** The bus, for services that use NATS (registered and checked by /readyz). */
  bus?: Bus;
  adminToken?: string | undefined;
  /** The failed-authentication limit (`authGuardOptions(config)`); defaults when omitted. */
  authGuard?: AuthGuardOptions;
  openapi: { title: string; description: string };
  /** Browser origins allowed by CORS (`RCPX_CORS_ORIGINS`); none when omitted. */
  corsOrigins?: readonly string[] | undefined;
  /** Per-token/IP rate limit; off when omitted. */
  rateLimit?: RateLimitPluginOptions;
  /** Silent sockets are closed after this long (`RCPX_HTTP_IDLE_TIMEOUT_MS`; default 10 s). */
  idleTimeoutMs?: number | undefined;
}

/**
 * What every service shares before its routes: `createApp`, CORS, the db (and bus) plugins, bearer
 * auth, /healthz /readyz /metrics with Postgres (and NATS) checks, OpenAPI at /docs, and an
 * optional rate limit. Closing the app closes the db and the bus.
 */
export async function createServiceApp(opts: ServiceAppOptions): Promise<App> {
  const app = createApp({
    logger: opts.logger,
    ...(opts.idleTimeoutMs !== undefined && { idleTimeoutMs: opts.idleTimeoutMs }),
  });
  await app.register(corsPlugin, { origins: opts.corsOrigins ?? [] });
  await app.register(dbPlugin, { db: opts.db });
  if (opts.bus) await app.register(busPlugin, { bus: opts.bus });
  await app.register(authPlugin, {
    adminToken: opts.adminToken,
    ...(opts.authGuard ? { guard: opts.authGuard } : {}),
  });
  await app.register(opsPlugin, {
    checks: {
      postgres: checkDb(opts.db),
      ...(opts.bus ? { nats: checkBus(opts.bus) } : {}),
    },
  });
  await app.register(openapiPlugin, opts.openapi);
  if (opts.rateLimit) await app.register(rateLimitPlugin, opts.rateLimit);
  return app;
}
