import { connectBus, ensureStream } from '@rcpx/bus';
import { createDb, migrateCore, migrateReadModels } from '@rcpx/db';
import { createLogger, loadConfig, runMain } from '@rcpx/service-kit';
import { buildApp } from './app.ts';
import { WebhooksConfig } from './settings.ts';
import { startWebhookWorker } from './worker.ts';
import type { WebhookWorker } from './worker.ts';

await runMain('webhooks', async () => {
  const config = loadConfig(WebhooksConfig);
  const logger = createLogger(config);
  const db = createDb(config.DATABASE_URL, {
    onError: (err) => logger.warn({ err }, 'idle Postgres client error'),
  });
  let worker: WebhookWorker | undefined;
  try {
    const bus = await connectBus({
      url: config.NATS_URL,
      stream: config.RCPX_STREAM,
      subjectPrefix: config.RCPX_SUBJECT_PREFIX,
      name: 'rcpx-webhooks',
    });
    await ensureStream(bus);
    await migrateCore(db);
    await migrateReadModels(db, config.RCPX_READ_SCHEMA);
    if (config.RCPX_WEBHOOK_WORKER) worker = startWebhookWorker({ db, bus, logger, config });
    const app = await buildApp({
      config,
      db,
      bus,
      logger,
      ...(worker ? { wake: worker.wake } : {}),
    });
    await app.listen({ host: config.HOST, port: config.PORT });
    return { app, close: async () => worker?.close() };
  } catch (err) {
    await worker?.close();
    await db.destroy();
    throw err;
  }
});
