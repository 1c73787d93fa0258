import { connectBus } from '@rcpx/bus';
import { createDb } from '@rcpx/db';
import { createTestEnv, mintToken, rng, startNatsCluster, waitFor } from '@rcpx/testing';
import { intEnv } from '../bench-common/int-env.ts';
import { teardownHost } from '../bench-common/teardown-host.ts';
import { rcpxInstance } from '../faults/support/instance.ts';
import { startLiveClient, type LiveClient } from '../faults/support/live-clients.ts';
import { verifyAgainstLog } from '../faults/support/verify.ts';
import { longestAckGap, startWriteLoad } from '../faults/support/writers.ts';
import { natsComponent, rcpxComponent, startChaos, type Component } from './chaos.ts';
import { startReadLoad } from './readers.ts';
import { rssMiB } from './rss.ts';
import { startWebhookReceiver } from './webhook-receiver.ts';

// `npm run soak`: the cluster fault test's setup (3 NATS nodes R3, two `npm start` instances on
// one database) under mixed load for SOAK_SECONDS (default 600): careful writers, live clients
// (SOAK_LIVE_CLIENTS, default 1000), webhook receivers that fail a share of deliveries, readers
// and searches; every SOAK_KILL_EVERY_SECONDS (default 60) a random component is killed -9 and
// restarted. Prints the guarantees' figures and each process's RSS at the start and the end;
// exits 1 when a guarantee is broken. Loopback only; every loop ends with the run.

const SECONDS = intEnv('SOAK_SECONDS', 600);
const KILL_EVERY_S = intEnv('SOAK_KILL_EVERY_SECONDS', 60);
const DOWN_S = intEnv('SOAK_DOWN_SECONDS', 5);
const LIVE_CLIENTS = intEnv('SOAK_LIVE_CLIENTS', 1000);
const WRITERS = intEnv('SOAK_WRITERS', 8);
const READERS = intEnv('SOAK_READERS', 4);
const random = rng(intEnv('SOAK_SEED', 1));
/** Live clients that follow every event; the others follow the rarer theme. */
const FOLLOW_ALL = Math.min(10, LIVE_CLIENTS);
const RARE = 'trafficking';
const FAIL_RATES = [0, 0.1, 0.25];
const ADMIN = 'soak-admin-token';

const t0 = performance.now();
const clock = () => performance.now() - t0;
const log = (line: string) => process.stdout.write(`[${(clock() / 1000).toFixed(1)} s] ${line}\n`);
const host = teardownHost((err) => log(`teardown: ${String(err)}`));
process.once('SIGINT', () => void host.run().then(() => process.exit(130)));

try {
  process.exitCode = await soak();
} finally {
  await host.run();
}

async function soak(): Promise<number> {
  const cluster = await startNatsCluster();
  host.teardown(() => cluster.dispose());
  const env = await createTestEnv(host);
  const vars = {
    DATABASE_URL: env.databaseUrl,
    NATS_URL: cluster.url,
    RCPX_STREAM: env.stream,
    RCPX_SUBJECT_PREFIX: env.subjectPrefix,
    RCPX_STREAM_REPLICAS: '3',
    RCPX_ADMIN_TOKEN: ADMIN,
    RCPX_RATE_LIMIT: '0',
    RCPX_LIVE_MAX_PER_TOKEN: String(LIVE_CLIENTS * 2),
    // every live client connects from 127.0.0.1: the per-address cap (default 50) would refuse
    RCPX_LIVE_MAX_PER_ADDRESS: String(LIVE_CLIENTS * 2),
    RCPX_WEBHOOK_ALLOW: '127.0.0.1',
    RCPX_WEBHOOK_BACKOFF_MS: '100',
    RCPX_WEBHOOK_BACKOFF_MAX_MS: '2000',
    LOG_LEVEL: 'error',
  };
  const errors: string[] = [];
  const instances = [
    await rcpxInstance('rcpx-a', vars, (n, l) => errors.push(`[${n}] ${l.slice(0, 300)}`)),
    await rcpxInstance('rcpx-b', vars, (n, l) => errors.push(`[${n}] ${l.slice(0, 300)}`)),
  ];
  host.teardown(() => Promise.all(instances.map((i) => i.kill())));
  await Promise.all(instances.map((i) => i.start()));
  const targets = () => instances.filter((i) => i.up).map((i) => i.base);
  const db = createDb(env.databaseUrl, { max: 4 });
  host.teardown(() => db.destroy());
  const bus = await connectBus({ ...env, url: cluster.url, replicas: 3, name: 'soak' });
  host.teardown(() => bus.close());
  log(`up: NATS ${cluster.url}, rcpx ${targets().join(' ')}`);

  // webhook receivers failing 0, 10 and 25 % of deliveries, subscribed to the rare theme (a
  // subscription's deliveries are ordered: at 50 % the retries' backoff falls behind the load)
  const receivers = await Promise.all(FAIL_RATES.map((p) => startWebhookReceiver(p, random)));
  host.teardown(() => Promise.all(receivers.map((r) => r.close())));
  const subscriber = await mintToken(db, 'colombo-process', 'reader');
  for (const r of receivers) {
    const res = await fetch(`${targets()[0]}/v1/subscriptions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${subscriber.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: r.url, themes: [RARE] }),
    });
    if (res.status !== 201) throw new Error(`subscription: ${res.status} ${await res.text()}`);
  }

  const clients: LiveClient[] = [];
  for (let i = 0; i < LIVE_CLIENTS; i++) {
    const themes = i < FOLLOW_ALL ? undefined : [RARE];
    clients.push(startLiveClient({ transport: i % 2 ? 'sse' : 'ws', index: i, targets, themes }));
    if (i % 50 === 49) await new Promise((r) => setTimeout(r, 100));
  }
  host.teardown(() => clients.forEach((c) => c.close()));

  const { token } = await mintToken(db, 'bali-process', 'publisher');
  const load = startWriteLoad({
    targets,
    token,
    writers: WRITERS,
    pauseMs: 50,
    prefix: 's',
    themes: (n) => (n % 20 === 7 ? [RARE, 'labour-migration'] : ['labour-migration']),
  });
  const reads = startReadLoad({
    targets,
    readers: READERS,
    random,
    items: () => load.acked.slice(-500),
  });

  const components: Component[] = [
    ...cluster.nodes.map((node, i) =>
      natsComponent(`nats-${i + 1}`, node, async () => {
        const replicas = (await bus.jsm.streams.info(env.stream)).cluster?.replicas ?? [];
        return replicas.length === 2 && replicas.every((r) => r.current && !r.offline);
      }),
    ),
    ...instances.map(rcpxComponent),
  ];
  const rss = () =>
    Object.fromEntries(
      [...components, { name: 'soak driver', pid: () => process.pid }].map((c) => [
        c.name,
        rssMiB(c.pid()),
      ]),
    );
  await waitFor(() => load.acked.length >= 100, { timeoutMs: 60_000 });
  const rssStart = rss();
  log(`load running: ${LIVE_CLIENTS} live clients, ${WRITERS} writers, ${READERS} readers`);

  const chaos = startChaos({
    components,
    instances,
    everyMs: KILL_EVERY_S * 1000,
    downMs: DOWN_S * 1000,
    random,
    clock,
    log,
  });
  const loadFrom = performance.now();
  const endAt = loadFrom + SECONDS * 1000;
  while (performance.now() < endAt) {
    await new Promise((r) => setTimeout(r, Math.min(10_000, endAt - performance.now())));
    log(`${load.acked.length} writes acked, reads ${reads.figures.ok} ok`);
  }
  await chaos.stop();
  const rssEnd = rss();
  await reads.stop();
  await load.stop();
  const loadS = (performance.now() - loadFrom) / 1000;

  const verdict = await verifyAgainstLog(db, bus, load.acked);
  const rareSeqs = load.acked.filter((a) => a.themes.includes(RARE)).map((a) => a.seq);
  const lastRare = Math.max(0, ...rareSeqs);
  const expectedLast = (c: LiveClient, i: number) =>
    i < FOLLOW_ALL ? verdict.logEvents : lastRare;
  await waitFor(() => clients.every((c, i) => c.last >= expectedLast(c, i)), {
    timeoutMs: 90_000,
  }).catch(() => log('live clients did not all reach the end of the log'));
  await waitFor(() => receivers.every((r) => rareSeqs.every((s) => r.accepted.has(s))), {
    timeoutMs: 90_000,
  }).catch(() => log('webhooks did not deliver every event'));

  const liveBad = clients.filter(
    (c, i) =>
      c.duplicates > 0 ||
      c.last !== expectedLast(c, i) ||
      c.received !== (i < FOLLOW_ALL ? verdict.logEvents : rareSeqs.length),
  ).length;
  const webhookMissing = receivers.map((r) => rareSeqs.filter((s) => !r.accepted.has(s)).length);
  const rebuildDiff = Object.values(verdict.rebuildDiff).reduce((a, b) => a + b, 0);
  const failovers = chaos.kills.filter((k) => k.failoverMs !== undefined);

  const figures = [
    `run: ${loadS.toFixed(0)} s of load and kills, ${chaos.kills.length} kills: ${
      chaos.kills.map((k) => `${k.component}@${k.atS.toFixed(0)}s`).join(', ') || 'none'
    }`,
    `acknowledged writes: ${verdict.acked} (retried attempts ${load.retries}, abandoned ${load.abandoned}, unexpected answers ${load.unexpected.length})`,
    `lost: ${verdict.lost}   duplicates in the read models: ${verdict.duplicateItems}   log events: ${verdict.logEvents}`,
    `read models vs a fresh projection of the log (rows differing): ${JSON.stringify(verdict.rebuildDiff)}`,
    `live clients: ${LIVE_CLIENTS} (${FOLLOW_ALL} following everything), resumes ${clients.reduce((n, c) => n + c.resumes, 0)}, ` +
      `with a gap, duplicate or short: ${liveBad}`,
    `webhooks (failing ${FAIL_RATES.map((p) => p * 100).join('/')} %): ${rareSeqs.length} matching events; missing ${webhookMissing.join('/')}; ` +
      `500s served ${receivers.map((r) => r.failed).join('/')}; redelivered after a 2xx ${receivers.map((r) => r.redelivered).join('/')}`,
    `reads: ${reads.figures.ok} ok, ${reads.figures.unavailable} 503, ${reads.figures.failed} refused/timed out, ${reads.figures.unexpected.length} unexpected`,
    `projector leadership failover: ${failovers.map((k) => `${k.failoverMs!.toFixed(0)} ms`).join(', ') || 'leader not killed'}`,
    `write unavailability (longest stretch without an ack) per kill: ${
      chaos.kills
        .map((k) => {
          const from = t0 + k.atS * 1000;
          return `${k.component} ${longestAckGap(load.acked, from, from + k.downMs + 5_000).toFixed(0)} ms`;
        })
        .join(', ') || '–'
    }`,
    'RSS (MiB) at the start → at the end (growth), restarts (a restarted process starts afresh):',
    ...Object.keys(rssStart).map((name) => {
      const c = components.find((x) => x.name === name);
      const [a, b] = [rssStart[name], rssEnd[name]];
      const f = (v: number | undefined) => (v === undefined ? '–' : v.toFixed(0));
      const growth =
        a === undefined || b === undefined ? '' : ` (${b >= a ? '+' : ''}${(b - a).toFixed(0)})`;
      return `  ${name.padEnd(12)} ${f(a)} → ${f(b)}${growth}   restarts ${c?.restarts ?? 0}`;
    }),
  ];
  process.stdout.write(`\n${figures.join('\n')}\n`);
  for (const u of [...load.unexpected, ...reads.figures.unexpected].slice(0, 10))
    log(`unexpected: ${u}`);
  const logged = errors.filter((l) => /"level":(50|60)/.test(l));
  if (logged.length > 0) log(`errors logged (last 10):\n${logged.slice(-10).join('\n')}`);

  const broken = [
    verdict.lost > 0 && 'acknowledged writes lost',
    verdict.duplicateItems > 0 && 'duplicates in the read models',
    verdict.inconsistentAcks > 0 && 'a key answered two ways',
    rebuildDiff > 0 && 'read models differ from a fresh projection',
    liveBad > 0 && 'live clients with a gap or duplicate',
    webhookMissing.some((n) => n > 0) && 'webhook events not delivered',
    failovers.some((k) => k.failoverMs! > 5_000) && 'leadership failover over 5 s',
    load.unexpected.length + reads.figures.unexpected.length > 0 && 'unexpected answers',
    load.abandoned > 0 && 'writes never answered',
  ].filter(Boolean);
  process.stdout.write(
    broken.length ? `\nBROKEN: ${broken.join('; ')}\n` : '\nall guarantees held\n',
  );
  return broken.length ? 1 : 0;
}
