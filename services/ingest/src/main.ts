import { BaseConfig, createLogger, loadConfig, openDbAndBus, runMain } from '@rcpx/service-kit';
import { buildApp } from './app.ts';
import { startQuerySweeper } from './query-sweeper.ts';

await runMain('ingest', async () => {
  const config = loadConfig(BaseConfig);
  const logger = createLogger(config);
  const { db, bus } = await openDbAndBus(config, logger, 'rcpx-ingest');
  const app = await buildApp({ config, db, bus, logger });
  // closes queries past their deadline, at start and every minute (safe on every instance)
  const sweeper = startQuerySweeper({ db, bus, logger, schema: config.RCPX_READ_SCHEMA });
  await app.listen({ host: config.HOST, port: config.PORT });
  return { app, close: () => sweeper.stop() };
});
