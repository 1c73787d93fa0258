import { BaseConfig, createLogger, loadConfig, openDbAndBus, runMain } from '@rcpx/service-kit';
import { buildApp } from './app.ts';

await runMain('ingest', async () => {
  const config = loadConfig(BaseConfig);
  const logger = createLogger(config);
  const { db, bus } = await openDbAndBus(config, logger, 'rcpx-ingest');
  const app = await buildApp({ config, db, bus, logger });
  await app.listen({ host: config.HOST, port: config.PORT });
  return { app };
});
