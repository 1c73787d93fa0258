import { connectBus, ensureStream } from '@rcpx/bus';
import { createDb, migrateCore } from '@rcpx/db';
import { BaseConfig, createLogger, loadConfig, runMain } from '@rcpx/service-kit';
import { buildApp } from './app.ts';

await runMain('ingest', async () => {
  const config = loadConfig(BaseConfig);
  const logger = createLogger(config);
  const db = createDb(config.DATABASE_URL, { onError: (err) => logger.warn({ err }, 'postgres') });
  try {
    await migrateCore(db);
    const bus = await connectBus({
      url: config.NATS_URL,
      stream: config.RCPX_STREAM,
      subjectPrefix: config.RCPX_SUBJECT_PREFIX,
      name: 'rcpx-ingest',
    });
    try {
      await ensureStream(bus);
      const app = await buildApp({ config, db, bus, logger });
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
