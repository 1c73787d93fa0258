import { test } from 'tap';
import { connectBus, ensureStream } from '@rcpx/bus';
import { createDb, migrateCore, migrateReadModels } from '@rcpx/db';
import { startNatsServer, startPostgres, waitFor } from '@rcpx/testing';
import { buildApp } from './app.ts';
import { startWebhookWorker } from './worker.ts';
import { appendPractice, quietLogger, startReceiver, tokenFor } from './test-support.ts';
import type { Received } from './test-support.ts';

test('deliveries survive a NATS crash and a Postgres restart', async (t) => {
  const nats = await startNatsServer();
  t.teardown(() => nats.dispose());
  const pg = await startPostgres();
  t.teardown(() => pg.dispose());
  const logger = quietLogger();
  const db = createDb(pg.url);
  t.teardown(() => db.destroy());
  const bus = await connectBus({ url: nats.url });
  t.teardown(() => bus.close());
  await ensureStream(bus);
  await migrateCore(db);
  await migrateReadModels(db);

  const config = {
    RCPX_WEBHOOK_ALLOW: ['127.0.0.1'],
    RCPX_ADMIN_TOKEN: undefined,
    RCPX_READ_SCHEMA: 'rm',
    RCPX_WEBHOOK_BACKOFF_MS: 20,
    RCPX_WEBHOOK_BACKOFF_MAX_MS: 200,
    RCPX_WEBHOOK_POLL_MS: 20,
  };
  const worker = startWebhookWorker({ db, bus, logger, config });
  t.teardown(() => worker.close());
  const app = await buildApp({
    config,
    db: createDb(pg.url),
    bus: await connectBus({ url: nats.url }),
    logger,
  });
  t.teardown(() => app.close());

  const receiver = await startReceiver(t);
  const auth = { authorization: `Bearer ${await tokenFor(db, 'budapest-process')}` };
  const created = await app.inject({
    method: 'POST',
    url: '/v1/subscriptions',
    headers: auth,
    payload: { url: receiver.url },
  });
  t.equal(created.statusCode, 201);

  const ok = (r: Received) => r.status >= 200 && r.status < 300;
  const delivered = () => new Set(receiver.received.filter(ok).map((r) => r.headers['webhook-id']));
  const expected: string[] = [];
  const write = async (n: number) => {
    for (let i = 0; i < n; i++) {
      expected.push((await appendPractice(bus, { participant: 'budapest-process' })).id);
    }
  };

  await write(5);
  await waitFor(() => delivered().size >= 5, { timeoutMs: 20_000 });

  // NATS crashes and comes back (same store): the durable consumer resumes.
  await nats.kill();
  await nats.restart();
  await waitFor(
    async () => {
      await write(1);
      return true;
    },
    { timeoutMs: 30_000, intervalMs: 200 },
  );
  await write(4);
  await waitFor(() => delivered().size >= 10, { timeoutMs: 30_000, message: 'after NATS' });

  // Postgres stops while events are written; nothing is lost once it is back.
  await pg.stop();
  await write(5);
  await pg.restart();
  await waitFor(() => delivered().size >= 15, { timeoutMs: 60_000, message: 'after Postgres' });

  const firstOk: string[] = [];
  for (const r of receiver.received.filter(ok)) {
    const id = r.headers['webhook-id'] as string;
    if (!firstOk.includes(id)) firstOk.push(id);
  }
  t.same(firstOk, expected, 'every event, in order, across both outages');
});
