// Test fixture for run-main.test.ts: a tiny service run by runMain. MODE=fail-start | crash.
import { createApp, createLogger, runMain } from './index.ts';

await runMain('fixture', async () => {
  if (process.env.MODE === 'fail-start') throw new Error('cannot start: port taken');
  const app = createApp({ logger: createLogger({ LOG_LEVEL: 'info' }) });
  app.addHook('onClose', async () => {
    process.stdout.write('APP CLOSED\n');
  });
  app.get('/', async () => ({ ok: true }));
  await app.listen({ host: '127.0.0.1', port: 0 });
  if (process.env.MODE === 'crash') setTimeout(() => Promise.reject(new Error('boom')), 50);
  return {
    app,
    close: async () => {
      process.stdout.write('EXTRA CLOSED\n');
    },
  };
});
