import { openTestDeps, serviceEnv } from '@rcpx/testing';
import { intEnv } from '../bench-common/int-env.ts';
import { teardownHost } from '../bench-common/teardown-host.ts';
import type { Origins } from './clients.ts';
import { startChild } from './ipc.ts';
import {
  idleMemory,
  ramps,
  runPhase,
  type PhaseContext,
  type PhaseFigures,
  type RampOptions,
  type Source,
} from './phases.ts';
import { listenerPid } from './stats.ts';
import { summarizeProfile } from './profile-summary.ts';
import { publishPaced } from './publisher.ts';
import {
  STEADY_LABELS,
  bytes,
  int,
  loadLine,
  ms,
  rampTable,
  steadyCells,
  table,
} from './report.ts';
import { Fanout, clientFilters, eventThemes } from './workload.ts';

// `npm run bench:live`: 1,000 WebSocket clients (their own process) following 1–3 of the 24
// themes each; events appended to JetStream at a paced rate reach them through the gateway (its
// own process). Latency = JetStream ack → frame received. (a) a steady ~50k deliveries/s and the
// RSS per idle connection, (b) a ramp to the most deliveries/s sustained — each beside a raw `ws`
// broadcast of pre-serialized frames (its own process) to the same clients. Not a test.

const CLIENTS = intEnv('BENCH_LIVE_CLIENTS', 1_000);
const SECONDS = intEnv('BENCH_LIVE_SECONDS', 30);
const STEP_SECONDS = intEnv(
  'BENCH_LIVE_STEP_SECONDS',
  Math.min(4, Math.max(2, Math.round(SECONDS / 8))),
);
const TARGET = intEnv('BENCH_LIVE_RATE', 50_000);
const MAX_STEPS = intEnv('BENCH_LIVE_MAX_STEPS', 12);
const MAX_P99_MS = intEnv('BENCH_LIVE_MAX_P99_MS', 1_000);
/** A folder for CPU profiles of the gateway (steady phase, ramp), off when unset. */
const PROFILE_DIR = process.env.BENCH_LIVE_PROFILE || undefined;
const GOAL_P99_MS = 25;
const GOAL_RATIO = 0.7;
const GROWTH = 1.25;

const progress = (msg: string) => console.error(`[bench-live] ${msg} · ${loadLine()}`);

const host = teardownHost((err) => console.error('[bench-live] teardown:', err));

async function main(): Promise<boolean> {
  const startedAt = new Date();
  const loadBefore = loadLine();
  const checks: { what: string; ok: boolean }[] = [];
  const profiles: string[] = [];

  const { env, db, bus } = await openTestDeps(host, { db: { max: 1 }, name: 'rcpx-bench-live' });
  await db.destroy(); // migrated for the gateway process, which opens its own pool

  const filters = clientFilters(CLIENTS);
  const fanout = new Fanout(filters);
  const meanFanout = fanout.mean();
  const weight = (i: number) => fanout.of(eventThemes(i));

  progress(
    `stream ${env.stream}, database ${new URL(env.databaseUrl).pathname.slice(1)} (both removed at the end)`,
  );
  progress('starting the gateway, the raw server and the client process');
  const gateway = startChild('gateway', new URL('./gateway-proc.ts', import.meta.url), {
    execArgv: ['--expose-gc'],
    env: {
      ...serviceEnv(env),
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'warn',
      // Every benchmark client connects from 127.0.0.1.
      RCPX_LIVE_MAX_PER_ADDRESS: String(10 * CLIENTS),
    },
  });
  const raw = startChild('raw-server', new URL('./raw-server.ts', import.meta.url), {
    execArgv: ['--expose-gc'],
  });
  const clients = startChild('clients', new URL('./clients.ts', import.meta.url), {
    execArgv: ['--max-old-space-size=1024'],
  });
  host.teardown(() => Promise.all([gateway.stop(), raw.stop(), clients.stop()]));
  const [gwInfo, rawInfo] = (await Promise.all([gateway.ready, raw.ready, clients.ready])) as {
    port: number;
  }[];

  const gatewaySource: Source = {
    name: 'gateway',
    pid: gateway.pid,
    url: `ws://127.0.0.1:${gwInfo!.port}/v1/live`,
    publish: (rate, seconds) => publishPaced(bus, rate, seconds, weight),
    memory: () => gateway.call('memory'),
    probe: {
      begin: () => gateway.call('probeBegin'),
      end: (origins) => gateway.call('probeEnd', { origins }),
    },
  };
  const rawSource: Source = {
    name: 'raw ws',
    pid: raw.pid,
    url: `ws://127.0.0.1:${rawInfo!.port}/`,
    async publish(rate, seconds) {
      const r = await raw.call<{ writes: number; origins: Origins; maxLagMs: number }>('run', {
        rate,
        seconds,
      });
      return { expected: r.writes, origins: r.origins, maxLagMs: r.maxLagMs, failed: 0 };
    },
    memory: () => raw.call('memory'),
  };
  const natsPid = listenerPid(Number(new URL(env.natsUrl.split(',')[0]!).port || 4222));
  const ctx: PhaseContext = {
    clients,
    meanFanout,
    watch: { bench: process.pid, ...(natsPid ? { nats: natsPid } : {}) },
    timeline: process.env.BENCH_LIVE_TIMELINE === '1',
  };
  /** Runs `fn` while `child` records a CPU profile `<name>.cpuprofile` (BENCH_LIVE_PROFILE). */
  const profile = async <T>(
    child: typeof gateway,
    name: string,
    fn: () => Promise<T>,
  ): Promise<T> => {
    if (!PROFILE_DIR) return fn();
    await child.call('profileStart');
    try {
      return await fn();
    } finally {
      const file = await child.call<string>('profileStop', { dir: PROFILE_DIR, name });
      profiles.push(...(await summarizeProfile(file, 25)));
    }
  };
  const rampOpts: RampOptions = {
    start: TARGET / 2,
    growth: GROWTH,
    maxSteps: MAX_STEPS,
    stepSeconds: STEP_SECONDS,
    maxP99Ms: MAX_P99_MS,
  };

  progress(`gateway: RSS with 0 and ${CLIENTS} idle connections`);
  const gwMem = await idleMemory(ctx, gatewaySource, filters);
  progress(`gateway: steady ${int(TARGET)} deliveries/s for ${SECONDS} s`);
  const gwSteady = await profile(gateway, 'gateway-steady', () =>
    runPhase(ctx, gatewaySource, TARGET, SECONDS),
  );

  // The gateway's clients stay connected (idle) from here on, so that the ramps can alternate.
  progress(`raw ws: RSS with 0 and ${CLIENTS} idle connections`);
  const rawMem = await idleMemory(ctx, rawSource, filters);
  progress(`raw ws: steady ${int(TARGET)} deliveries/s for ${SECONDS} s`);
  const rawSteady = await profile(raw, 'raw-steady', () =>
    runPhase(ctx, rawSource, TARGET, SECONDS),
  );

  progress('ramps, the gateway and raw ws taking turns step by step');
  const rampResults = await profile(gateway, 'gateway-ramp', () =>
    ramps(ctx, [gatewaySource, rawSource], rampOpts, progress),
  );
  const gwRamp = rampResults[0]!;
  const rawRamp = rampResults[1]!;
  await clients.call('disconnect');

  // Exactness (every phase): no message without an origin (a stray or corrupt frame), no
  // duplicate, and without a slow-consumer close every expected delivery arrived. Closes
  // themselves are figures (an overloaded client process), not failures.
  const exact = (s: PhaseFigures) =>
    s.unknown === 0 &&
    s.received <= s.expected &&
    (Object.keys(s.closes).length > 0 || s.received === s.expected);
  checks.push({
    what: 'steady phases: every delivery exactly once (none missing, none unknown)',
    ok: [gwSteady, rawSteady].every(exact),
  });
  checks.push({
    what: 'ramps: no delivery unknown or duplicated',
    ok: [...gwRamp.steps, ...rawRamp.steps].every(
      (s) => s.unknown === 0 && s.received <= s.expected,
    ),
  });

  const maxCell = (max: number) => (max > 0 ? int(max) : `< ${int(rampOpts.start)}`);
  const steadyOk = gwSteady.latency.p99 <= GOAL_P99_MS && gwSteady.achieved >= 0.95 * TARGET;
  const ratio = gwRamp.max / rawRamp.max;
  console.log(
    [
      '',
      `rcpx bench:live · ${startedAt.toISOString()} · node ${process.version}`,
      `${int(CLIENTS)} WebSocket clients (one process), 1–3 of 24 themes each, ` +
        `${meanFanout.toFixed(1)} deliveries per event (1–2 themes, ~700 B JSON) → ` +
        `${int(TARGET / meanFanout)} events/s for ${int(TARGET)} deliveries/s`,
      `before: ${loadBefore}`,
      `after:  ${loadLine()}`,
      '',
      table([
        ['(a) steady, ' + `${SECONDS} s`, 'gateway', 'raw ws'],
        ...STEADY_LABELS.map((label, i) => [
          label,
          steadyCells(gwSteady)[i]!,
          steadyCells(rawSteady)[i]!,
        ]),
        ['RSS per idle connection', bytes(gwMem.rssPerConn), bytes(rawMem.rssPerConn)],
        ['  (heap+external per connection)', bytes(gwMem.heapPerConn), bytes(rawMem.heapPerConn)],
        [
          `  (RSS with 0 / ${CLIENTS} connections)`,
          `${bytes(gwMem.before)} / ${bytes(gwMem.after)}`,
          `${bytes(rawMem.before)} / ${bytes(rawMem.after)}`,
        ],
        ['(b) max deliveries/s sustained', maxCell(gwRamp.max), maxCell(rawRamp.max)],
      ]),
      '',
      rampTable('gateway', gwRamp.steps),
      '',
      rampTable('raw ws', rawRamp.steps),
      '',
      'Latency: gateway = JetStream ack (publisher) → frame received (client process); raw = the',
      'raw server writing the frame → received. Received/s counts deliveries inside the sending window.',
      `A ramp step passes with p99 ≤ ${MAX_P99_MS} ms, no close and nothing lost; the ramp stops at`,
      'the first failing step, when the receive rate grows < 3 % or falls below 90 % of the rate asked.',
      'raw ws writes each frame to each socket with its own write; the gateway coalesces a socket’s',
      'frames within one tick (one writev), which pays off once it is behind — so it can exceed raw.',
      'All processes share the same cores with whatever else runs: read the figures beside the load.',
      '',
      `goal: p99 ≤ ${GOAL_P99_MS} ms at ${int(TARGET)} deliveries/s: ${steadyOk ? 'met' : 'NOT met'} ` +
        `(p99 ${ms(gwSteady.latency.p99)} ms at ${int(gwSteady.achieved)}/s)`,
      `goal: max deliveries ≥ ${GOAL_RATIO}× raw: ${ratio >= GOAL_RATIO ? 'met' : 'NOT met'} ` +
        `(${int(gwRamp.max)} / ${int(rawRamp.max)} = ${ratio.toFixed(2)}×)`,
      ...checks.map((c) => `check: ${c.ok ? 'ok  ' : 'FAIL'} ${c.what}`),
      '',
      ...profiles,
    ].join('\n'),
  );
  return checks.every((c) => c.ok);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`[bench-live] ${signal}: cleaning up`);
    void host.run().finally(() => process.exit(130));
  });
}

main().then(
  async (ok) => {
    await host.run();
    process.exit(ok ? 0 : 1);
  },
  async (err: unknown) => {
    console.error('bench-live failed:', err);
    await host.run();
    process.exit(1);
  },
);
