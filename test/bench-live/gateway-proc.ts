import { connectBus, ensureStream } from '@rcpx/bus';
import { createDb } from '@rcpx/db';
import { GatewayConfig, buildApp, liveSettings, startLiveHub } from '@rcpx/gateway';
import { createLogger, loadConfig } from '@rcpx/service-kit';
import type { Origins } from './clients.ts';
import { nowMs, serveParent } from './ipc.ts';
import { profilerCommands } from './profiler.ts';
import { latencyStats } from './stats.ts';

// The gateway under test, in its own process: what `services/gateway/src/main.ts` runs
// (buildApp on the environment's GatewayConfig), plus an IPC channel for the benchmark to read
// its memory and record CPU profiles of chosen phases. The hub is started here and handed to
// buildApp (as all-in-one does) so that one probe subscriber — the first one, offered each frame
// before the 1,000 connections — can stamp when each event reached the hub: the latency splits
// into JetStream ack → hub and hub → client.

const config = loadConfig(GatewayConfig);
const logger = createLogger(config);
const db = createDb(config.DATABASE_URL, { max: 4 });
const bus = await connectBus({
  url: config.NATS_URL,
  stream: config.RCPX_STREAM,
  subjectPrefix: config.RCPX_SUBJECT_PREFIX,
  name: 'rcpx-gateway-bench',
});
await ensureStream(bus);
const hub = await startLiveHub({ bus, logger, recentFrames: config.RCPX_LIVE_RECENT_EVENTS });
let probe = { seqs: new Float64Array(1 << 16), times: new Float64Array(1 << 16), n: 0 };
hub.subscribe({
  offer(frame) {
    if (probe.n === probe.seqs.length) return;
    probe.seqs[probe.n] = frame.seq;
    probe.times[probe.n++] = nowMs();
  },
});
const app = await buildApp({
  config,
  db,
  bus,
  logger,
  settings: liveSettings(config),
  liveHub: hub,
});
await app.listen({ host: config.HOST, port: config.PORT });
const address = app.server.address();

serveParent(
  {
    probeBegin() {
      probe = { seqs: new Float64Array(1 << 16), times: new Float64Array(1 << 16), n: 0 };
      return true;
    },
    /** Latency from each event's origin (JetStream ack) to the hub offering its frame. */
    probeEnd({ origins }: { origins: Origins }) {
      const lat = new Float64Array(probe.n);
      let m = 0;
      for (let k = 0; k < probe.n; k++) {
        const o = origins.times[probe.seqs[k]! - origins.base];
        if (o !== undefined && !Number.isNaN(o)) lat[m++] = probe.times[k]! - o;
      }
      return latencyStats(lat.subarray(0, m));
    },
    memory() {
      globalThis.gc?.();
      globalThis.gc?.();
      return process.memoryUsage();
    },
    ...profilerCommands,
  },
  { port: typeof address === 'object' && address ? address.port : 0, pid: process.pid },
  async () => {
    await app.close(); // closes the live connections, the bus and the db
    await hub.close();
  },
);
