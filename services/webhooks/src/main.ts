import { createLogger, loadConfig, openDbAndBus, runMain } from '@rcpx/service-kit';
import { buildApp } from './app.ts';
import { WebhooksConfig } from './settings.ts';
import { startWebhookWorker } from './worker.ts';

await runMain('webhooks', async () => {
  const config = loadConfig(WebhooksConfig);
  const logger = createLogger(config);
  const { db, bus } = await openDbAndBus(config, logger, 'rcpx-webhooks');
  const worker = config.RCPX_WEBHOOK_WORKER
    ? startWebhookWorker({ db, bus, logger, config })
    : undefined;
  const app = await buildApp({ config, db, bus, logger, ...(worker ? { wake: worker.wake } : {}) });
  await app.listen({ host: config.HOST, port: config.PORT });
  return { app, close: async () => worker?.close() };
});
