import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Bus } from '@rcpx/bus';
import type { Database } from '@rcpx/db';
import {
  authPlugin,
  busPlugin,
  checkBus,
  checkDb,
  createApp,
  dbPlugin,
  openapiPlugin,
  opsPlugin,
} from '@rcpx/service-kit';
import type { App, BaseConfig } from '@rcpx/service-kit';
import type { WebhookConfigInput } from './settings.ts';
import { webhooksRoutes } from './webhooks-routes.ts';

export interface WebhooksDeps {
  config: WebhookConfigInput & Pick<BaseConfig, 'RCPX_ADMIN_TOKEN' | 'RCPX_READ_SCHEMA'>;
  db: Kysely<Database>;
  bus: Bus;
  logger: FastifyBaseLogger;
  /** A local worker's `wake`, so API changes are acted on at once. */
  wake?: () => void;
}

/** The webhooks service as a standalone app: db, bus, auth, ops, OpenAPI and the routes. */
export async function buildApp({ config, db, bus, logger, wake }: WebhooksDeps): Promise<App> {
  const app = createApp({ logger });
  await app.register(dbPlugin, { db });
  await app.register(busPlugin, { bus });
  await app.register(authPlugin, { adminToken: config.RCPX_ADMIN_TOKEN });
  await app.register(opsPlugin, { checks: { postgres: checkDb(db), nats: checkBus(bus) } });
  await app.register(openapiPlugin, {
    title: 'rcpx webhooks',
    description: 'Webhook subscriptions of the rcpx exchange (Standard Webhooks signatures).',
  });
  await app.register(webhooksRoutes, { config, ...(wake ? { wake } : {}) });
  return app;
}
