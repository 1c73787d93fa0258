import { BaseConfig, createLogger, loadConfig, openDb, runMain } from '@rcpx/service-kit';
import { buildApp } from './app.ts';

await runMain('feeds', async () => {
  const config = loadConfig(BaseConfig);
  const logger = createLogger(config);
  const db = await openDb(config, logger);
  const app = await buildApp({ config, db, logger });
  await app.listen({ host: config.HOST, port: config.PORT });
  return { app };
});
