import { createDb, migrateCore, migrateReadModels } from '@rcpx/db';
import { BaseConfig, createLogger, loadConfig, runMain } from '@rcpx/service-kit';
import { buildApp } from './app.ts';

await runMain('feeds', async () => {
  const config = loadConfig(BaseConfig);
  const logger = createLogger(config);
  const db = createDb(config.DATABASE_URL, {
    onError: (err) => logger.warn({ err }, 'idle Postgres client error'),
  });
  try {
    await migrateCore(db);
    await migrateReadModels(db, config.RCPX_READ_SCHEMA);
    const app = await buildApp({ config, db, logger });
    await app.listen({ host: config.HOST, port: config.PORT });
    return { app };
  } catch (err) {
    await db.destroy();
    throw err;
  }
});
