import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Bus } from '@rcpx/bus';
import type { Database } from '@rcpx/db';
import { busPlugin, checkBus, checkDb, createApp, dbPlugin, opsPlugin } from '@rcpx/service-kit';
import type { App, BaseConfig } from '@rcpx/service-kit';
import { projectorMetrics, type ProjectorMetrics } from './metrics.ts';

export interface ProjectorDeps {
  config: Pick<BaseConfig, 'RCPX_READ_SCHEMA'>;
  db: Kysely<Database>;
  bus: Bus;
  logger: FastifyBaseLogger;
  /** The metrics the running projector reports to (default: fresh ones). */
  metrics?: ProjectorMetrics;
}

/**
 * The projector service's app: `/healthz`, `/readyz` (Postgres and NATS) and `/metrics` with
 * `rcpx_projector_checkpoint` and `rcpx_projector_events_applied_total`. The projector itself
 * runs beside it (`startProjector`); stop it before closing the app, which closes db and bus.
 */
export async function buildApp({ config, db, bus, logger, metrics }: ProjectorDeps): Promise<App> {
  const app = createApp({ logger });
  await app.register(dbPlugin, { db });
  await app.register(busPlugin, { bus });
  await app.register(opsPlugin, { checks: { postgres: checkDb(db), nats: checkBus(bus) } });
  (metrics ?? projectorMetrics(db, config.RCPX_READ_SCHEMA)).registerTo(app.metrics);
  return app;
}
