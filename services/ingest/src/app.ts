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
import { ingestRoutes } from './routes/index.ts';

/** What the ingest service runs on. */
export interface IngestDeps {
  config: Pick<BaseConfig, 'RCPX_ADMIN_TOKEN'>;
  db: Kysely<Database>;
  bus: Bus;
  logger: FastifyBaseLogger;
}

/** The ingest service as a full Fastify app (closing it closes `db` and `bus`). */
export async function buildApp(deps: IngestDeps): Promise<App> {
  const app = createApp({ logger: deps.logger });
  await app.register(dbPlugin, { db: deps.db });
  await app.register(busPlugin, { bus: deps.bus });
  await app.register(authPlugin, { adminToken: deps.config.RCPX_ADMIN_TOKEN });
  await app.register(opsPlugin, {
    checks: { postgres: checkDb(deps.db), nats: checkBus(deps.bus) },
  });
  await app.register(openapiPlugin, {
    title: 'rcpx ingest',
    description:
      'The write path of the rcpx exchange: every accepted write is an event in the log.',
  });
  await app.register(ingestRoutes);
  return app;
}
