import { createLogger, loadConfig, openDbAndBus, runMain } from '@rcpx/service-kit';
import { buildApp } from './app.ts';
import { GatewayConfig, liveSettings } from './config.ts';

await runMain('gateway', async () => {
  const config = loadConfig(GatewayConfig);
  const logger = createLogger(config);
  const { db, bus } = await openDbAndBus(config, logger, 'rcpx-gateway');
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
});
