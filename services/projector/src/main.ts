import { connectBus, ensureStream } from '@rcpx/bus';
import { createDb, migrateReadModels } from '@rcpx/db';
import {
  BaseConfig,
  STREAM_STARTUP_PATIENCE_MS,
  busConfigOf,
  createLogger,
  loadConfig,
  runMain,
} from '@rcpx/service-kit';
import { buildApp } from './app.ts';
import { projectorMetrics } from './metrics.ts';
import { startProjector } from './projector.ts';

await runMain('projector', async () => {
  const config = loadConfig(BaseConfig);
  const logger = createLogger(config);
  const schema = config.RCPX_READ_SCHEMA;
  const db = createDb(config.DATABASE_URL, {
    onError: (err) => logger.warn({ err }, 'idle Postgres client error'),
  });
  // RCPX_STREAM_REPLICAS too: ensureStream would otherwise scale an R3 log down to one replica
  const bus = await connectBus(busConfigOf(config, 'rcpx-projector')).catch(
    async (err: unknown) => {
      await db.destroy();
      throw err;
    },
  );
  try {
    await ensureStream(bus, { patienceMs: STREAM_STARTUP_PATIENCE_MS });
    await migrateReadModels(db, schema);
    const metrics = projectorMetrics(db, schema);
    const app = await buildApp({ config, db, bus, logger, metrics });
    await app.listen({ host: config.HOST, port: config.PORT });
    const projector = startProjector({
      db,
      bus,
      schema,
      logger,
      onApplied: (r) => metrics.onApplied(r),
      onRoleChange: (role) => metrics.onRoleChange(role),
    });
    return { app, close: () => projector.stop() };
  } catch (err) {
    await Promise.allSettled([bus.close(), db.destroy()]);
    throw err;
  }
});
