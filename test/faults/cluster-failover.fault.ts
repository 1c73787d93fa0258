import t from 'tap';
import { connectBus, type Bus } from '@rcpx/bus';
import { createDb } from '@rcpx/db';
import {
  createTestEnv,
  freePort,
  mintToken,
  spawnService,
  startNatsCluster,
  waitFor,
} from '@rcpx/testing';
import { rcpxInstance, type RcpxInstance } from './support/instance.ts';
import { startLiveClient } from './support/live-clients.ts';
import { verifyAgainstLog } from './support/verify.ts';
import { longestAckGap, startWriteLoad } from './support/writers.ts';

// Scale-out, tested: a 3-node NATS cluster (the configs of infra/nats-cluster on loopback), the
// log replicated R3, two all-in-one instances on one database, a write load through both with an
// Idempotency-Key on every write, and live clients following through both. One NATS node (the
// stream's leader) is killed -9, then the rcpx instance leading the projector, then both come
// back. No acknowledged write may be lost or applied twice, the read models must equal a fresh
// projection of the log, live clients must resume with no gap and no duplicate, and the
// projector's leadership must fail over within 5 s.

const ADMIN = 'fault-admin-token';
const FAILOVER_BOUND_MS = 5_000;

const cluster = await startNatsCluster();
t.teardown(() => cluster.dispose());
const env = await createTestEnv(t);
const vars = {
  DATABASE_URL: env.databaseUrl,
  NATS_URL: cluster.url,
  RCPX_STREAM: env.stream,
  RCPX_SUBJECT_PREFIX: env.subjectPrefix,
  RCPX_STREAM_REPLICAS: '3',
  RCPX_ADMIN_TOKEN: ADMIN,
  RCPX_RATE_LIMIT: '0',
  LOG_LEVEL: 'warn',
};
const errors: string[] = [];
const onLine = (name: string, line: string) => {
  if (/"level":(50|60)/.test(line)) errors.push(`[${name}] ${line.slice(0, 400)}`);
};
const instances: RcpxInstance[] = [
  await rcpxInstance('rcpx-a', vars, onLine),
  await rcpxInstance('rcpx-b', vars, onLine),
];
t.teardown(() => Promise.all(instances.map((i) => i.kill())));
// both boot at once, as replicas of a deployment do: migrations and stream creation race
await Promise.all(instances.map((i) => i.start()));
const targets = () => instances.filter((i) => i.up).map((i) => i.base);

const db = createDb(env.databaseUrl, { max: 4 });
t.teardown(() => db.destroy());
const bus: Bus = await connectBus({
  url: cluster.url,
  stream: env.stream,
  subjectPrefix: env.subjectPrefix,
  replicas: 3,
  name: 'fault-test',
});
t.teardown(() => bus.close());
const { token } = await mintToken(db, 'bali-process', 'publisher');

const streamInfo = () => bus.jsm.streams.info(env.stream);
const leaderNode = async () => {
  const leader = (await streamInfo()).cluster?.leader ?? '';
  return cluster.nodes[Number(/rcpx-nats-(\d)$/.exec(leader)?.[1]) - 1];
};

t.test('kill -9 a NATS node, then the leading rcpx instance, then restart both', async (t) => {
  t.equal((await streamInfo()).config.num_replicas, 3, 'the log is replicated R3');

  // a WebSocket and an SSE client on each instance
  const clients = (['ws', 'sse', 'ws', 'sse'] as const).map((transport, i) =>
    startLiveClient({ transport, index: Math.floor(i / 2), targets }),
  );
  t.teardown(() => clients.forEach((c) => c.close()));
  const load = startWriteLoad({ targets, token, writers: 24, prefix: 'w' });
  const acked = () => load.acked.length;
  const progress = async (n: number, what: string) => {
    const target = acked() + n;
    await waitFor(() => acked() >= target, {
      timeoutMs: 60_000,
      message: `writes did not go on ${what} (${acked()} acked)`,
    });
  };
  const started = performance.now();
  await progress(300, 'at the start');

  // 1. the NATS node leading the stream dies
  const node = await leaderNode();
  t.ok(node, 'the stream has a leader node');
  const natsKilledAt = performance.now();
  await node!.kill();
  await progress(300, 'with one NATS node down');
  const natsWindow = longestAckGap(load.acked, natsKilledAt, performance.now());

  // 2. the rcpx instance holding the projector's leader lock dies
  const leading = await waitFor(
    async () => {
      for (const i of instances) if (await i.leading()) return i;
      return undefined;
    },
    { message: 'no instance leads the projector' },
  );
  const survivor = instances.find((i) => i !== leading)!;
  const rcpxKilledAt = performance.now();
  await leading.kill();
  await waitFor(() => survivor.leading(), {
    timeoutMs: 30_000,
    intervalMs: 20,
    message: `${survivor.name} did not take over the projector`,
  });
  const failoverMs = performance.now() - rcpxKilledAt;
  await progress(300, 'with one rcpx instance down');
  const rcpxWindow = longestAckGap(load.acked, rcpxKilledAt, performance.now());

  // 3. both come back
  const restartAt = performance.now();
  await Promise.all([node!.restart(), leading.start()]);
  await progress(300, 'after the restarts');
  await waitFor(
    async () => {
      const replicas = (await streamInfo()).cluster?.replicas ?? [];
      return replicas.length === 2 && replicas.every((r) => r.current && !r.offline);
    },
    { timeoutMs: 30_000, message: 'the restarted NATS node did not catch up' },
  );
  const restartWindow = longestAckGap(load.acked, restartAt, performance.now());
  await load.stop();
  const elapsedS = (performance.now() - started) / 1000;

  const verdict = await verifyAgainstLog(db, bus, load.acked);
  await waitFor(() => clients.every((c) => c.last >= verdict.logEvents), {
    timeoutMs: 30_000,
    message: 'live clients did not reach the end of the log',
  }).catch(() => {});

  const figures = [
    `load: ${elapsedS.toFixed(1)} s, 24 writers, 2 rcpx instances, 3 NATS nodes (R3)`,
    `acknowledged writes: ${verdict.acked} (retried attempts: ${load.retries}, ` +
      `answered as replays: ${load.acked.filter((a) => a.replayed).length})`,
    `lost: ${verdict.lost}   duplicates in the read models: ${verdict.duplicateItems}   ` +
      `log events: ${verdict.logEvents}`,
    `read models vs a fresh projection of the log (rows differing): ${JSON.stringify(verdict.rebuildDiff)}`,
    `live clients: ${clients
      .map((c) => `${c.transport} ${c.received} events, ${c.resumes} resumes`)
      .join(
        '; ',
      )}; gaps ${clients.reduce((n, c) => n + c.gaps, 0)}, duplicates ${clients.reduce((n, c) => n + c.duplicates, 0)}`,
    `projector leadership failover: ${failoverMs.toFixed(0)} ms`,
    `write unavailability (longest stretch without an ack): NATS node killed ${natsWindow.toFixed(0)} ms, ` +
      `rcpx instance killed ${rcpxWindow.toFixed(0)} ms, restarts ${restartWindow.toFixed(0)} ms`,
  ];
  for (const line of figures) t.comment(line);

  t.same(load.unexpected, [], 'no answer a careful client does not expect');
  t.equal(load.abandoned, 0, 'every write was finally answered');
  t.equal(verdict.lost, 0, 'no acknowledged write lost');
  t.equal(verdict.inconsistentAcks, 0, 'a key is always answered with the same id and seq');
  t.equal(verdict.duplicateItems, 0, 'no write applied twice');
  t.equal(verdict.logEvents, verdict.acked, 'the log holds exactly the acknowledged writes');
  t.equal(verdict.eventsMismatch, 0, 'the events mirror holds each seq of the log once');
  t.same(
    verdict.rebuildDiff,
    { items: 0, events: 0, counts: 0, item_search: 0, checkpoint: 0 },
    'the read models equal a fresh projection of the log',
  );
  for (const c of clients) {
    t.equal(c.last, verdict.logEvents, `${c.transport} client reached the end of the log`);
    t.equal(c.gaps, 0, `${c.transport} client: no gap`);
    t.equal(c.duplicates, 0, `${c.transport} client: no duplicate`);
  }
  t.ok(
    clients.some((c) => c.resumes > 0),
    'clients of the killed instance resumed elsewhere',
  );
  t.ok(
    failoverMs <= FAILOVER_BOUND_MS,
    `leadership failed over within 5 s (${failoverMs.toFixed(0)} ms)`,
  );
  t.equal((await streamInfo()).config.num_replicas, 3, 'the log is still R3');
  if (errors.length > 0) t.comment(`errors logged:\n${errors.slice(-20).join('\n')}`);
});

// Every process that ensures the stream must give it the configured replicas: one that said 1
// would scale the log down to a single copy as it starts.
t.test('the standalone projector keeps the log R3', async (t) => {
  const port = await freePort();
  const proc = spawnService(
    'services/projector/src/main.ts',
    { ...vars, PORT: String(port) },
    { onLine: (line) => onLine('projector', line) },
  );
  t.teardown(() => proc.kill('SIGKILL'));
  await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200, {
    timeoutMs: 90_000,
    intervalMs: 100,
    message: 'the projector did not become ready',
  });
  t.equal((await streamInfo()).config.num_replicas, 3, 'the log is still R3');
  await proc.kill('SIGTERM');
});
