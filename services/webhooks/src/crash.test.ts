import { test } from 'tap';
import { Webhook } from 'standardwebhooks';
import { freePort, serviceEnv, spawnService, waitFor } from '@rcpx/testing';
import type { ServiceProcess } from '@rcpx/testing';
import { appendPractice, harness, startReceiver, tokenFor } from './test-support.ts';
import type { Received } from './test-support.ts';

test('the webhooks service SIGKILLed mid-delivery and restarted loses nothing', async (t) => {
  const { env, db, bus } = await harness(t);
  const port = await freePort();
  const vars = {
    ...serviceEnv(env),
    HOST: '127.0.0.1',
    PORT: String(port),
    RCPX_WEBHOOK_ALLOW: '127.0.0.1',
    RCPX_WEBHOOK_BACKOFF_MS: '20',
    RCPX_WEBHOOK_BACKOFF_MAX_MS: '200',
    RCPX_WEBHOOK_POLL_MS: '20',
    LOG_LEVEL: 'warn',
  };
  let proc: ServiceProcess = spawnService('services/webhooks/src/main.ts', vars);
  t.teardown(() => proc.kill('SIGKILL'));
  const base = `http://127.0.0.1:${port}`;
  await waitFor(() => fetch(`${base}/readyz`).then((r) => r.ok), { timeoutMs: 180_000 });

  // The 4th request hangs: the process is killed while it waits for the answer.
  let reached!: () => void;
  const hangReached = new Promise<void>((resolve) => (reached = resolve));
  let release!: () => void;
  const released = new Promise<number>((resolve) => (release = () => resolve(500)));
  const receiver = await startReceiver(t, (_r, n) => {
    if (n !== 3) return 200;
    reached();
    return released;
  });

  const token = await tokenFor(db, 'midsa');
  const created = await fetch(`${base}/v1/subscriptions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ url: receiver.url, themes: ['trafficking', 'health'] }),
  });
  t.equal(created.status, 201);
  const sub = (await created.json()) as { id: string; secret: string };

  const expected: string[] = [];
  for (let i = 0; i < 10; i++) {
    expected.push((await appendPractice(bus, { participant: 'iom', themes: ['health'] })).id);
    await appendPractice(bus, { participant: 'iom', themes: ['asylum'] }); // filtered out
  }
  await hangReached;
  const exit = await proc.kill('SIGKILL');
  t.equal(exit.signal, 'SIGKILL', 'killed mid-delivery');
  release();

  // Written while the service is down.
  for (let i = 0; i < 10; i++) {
    expected.push(
      (await appendPractice(bus, { participant: 'unhcr', themes: ['trafficking'] })).id,
    );
  }
  proc = spawnService('services/webhooks/src/main.ts', vars);

  const ok = (r: Received) => r.status >= 200 && r.status < 300;
  await waitFor(
    () => new Set(receiver.received.filter(ok).map((r) => r.headers['webhook-id'])).size >= 20,
    { timeoutMs: 60_000, message: 'every event delivered after the restart' },
  );
  const wh = new Webhook(sub.secret);
  const firstOk: string[] = [];
  for (const r of receiver.received) {
    wh.verify(r.body, r.headers as Record<string, string>);
    const id = r.headers['webhook-id'] as string;
    if (ok(r) && !firstOk.includes(id)) firstOk.push(id);
  }
  t.same(firstOk, expected, 'all 20, in seq order, none missing');
  const ids = new Set(receiver.received.map((r) => r.headers['webhook-id']));
  t.equal(ids.size, 20, 'duplicates only carry a webhook-id already seen');
  t.ok(
    receiver.received.filter((r) => r.headers['webhook-id'] === expected[3]).length >= 2,
    'the delivery in flight at the kill was sent again',
  );
});
