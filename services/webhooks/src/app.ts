import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Bus } from '@rcpx/bus';
import type { Database } from '@rcpx/db';
import { authGuardOptions, createServiceApp } from '@rcpx/service-kit';
import type { App, AuthGuardConfig, BaseConfig } from '@rcpx/service-kit';
import type { WebhookConfigInput } from './settings.ts';
import { webhooksRoutes } from './webhooks-routes.ts';

export interface WebhooksDeps {
  config: WebhookConfigInput &
    Pick<BaseConfig, 'RCPX_ADMIN_TOKEN' | 'RCPX_READ_SCHEMA'> &
    Partial<Pick<BaseConfig, 'RCPX_CORS_ORIGINS' | 'RCPX_HTTP_IDLE_TIMEOUT_MS'>> &
    AuthGuardConfig;
  db: Kysely<Database>;
  bus: Bus;
  logger: FastifyBaseLogger;
  /** A local worker's `wake`, so API changes are acted on at once. */
  wake?: () => void;
}

/** The webhooks service as a standalone app: db, bus, auth, ops, OpenAPI and the routes. */
export async function buildApp({ config, wake, ...deps }: WebhooksDeps): Promise<App> {
  const app = await createServiceApp({
    ...deps,
    adminToken: config.RCPX_ADMIN_TOKEN,
    corsOrigins: config.RCPX_CORS_ORIGINS,
    idleTimeoutMs: config.RCPX_HTTP_IDLE_TIMEOUT_MS,
    authGuard: authGuardOptions(config),
    openapi: {
      title: 'rcpx webhooks',
      description: 'Webhook subscriptions of the rcpx exchange (Standard Webhooks signatures).',
    },
  });
  await app.register(webhooksRoutes, { config, ...(wake ? { wake } : {}) });
  return app;
}
