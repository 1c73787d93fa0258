import { connectBus, ensureStream } from '@rcpx/bus';
import { createDb, migrateCore } from '@rcpx/db';
import { createLogger, loadConfig, runMain } from '@rcpx/service-kit';
import { buildApp } from './app.ts';
import { GatewayConfig, liveSettings } from './config.ts';

await runMain('gateway', async () => {
  const config = loadConfig(GatewayConfig);
  const logger = createLogger(config);
  const db = createDb(config.DATABASE_URL, {
    onError: (err) => logger.warn({ err }, 'idle Postgres client error'),
  });
  try {
    await migrateCore(db);
    const bus = await connectBus({
      url: config.NATS_URL,
      stream: config.RCPX_STREAM,
      subjectPrefix: config.RCPX_SUBJECT_PREFIX,
      name: 'rcpx-gateway',
    });
    try {
      await ensureStream(bus);
      const app = await buildApp({
        config,
        db,
        bus,
        logger,
        settings: liveSettings(config),
        hub: { recentFrames: config.RCPX_LIVE_RECENT_EVENTS },
      });
      await app.listen({ host: config.HOST, port: config.PORT });
      return { app };
    } catch (err) {
      await bus.close();
      throw err;
    }
  } catch (err) {
    await db.destroy();
    throw err;
  }
});
