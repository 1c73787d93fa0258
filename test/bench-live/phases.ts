import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Origins, PhaseResult } from './clients.ts';
import type { Child } from './ipc.ts';
import { nowMs } from './ipc.ts';
import { cpuMeter, cpuTimes } from './stats.ts';
import type { LatencyStats } from './stats.ts';

/** A server the clients connect to and the way events reach it. */
export interface Source {
  name: string;
  /** The server's process. */
  pid: number;
  /** `ws://…` the clients connect to (`?themes=` is added). */
  url: string;
  /** Sends events 0…n-1 at `rate` events/s for `seconds`; resolves once all were sent. */
  publish(
    rate: number,
    seconds: number,
  ): Promise<{ expected: number; origins: Origins; maxLagMs: number; failed: number }>;
  memory(): Promise<NodeJS.MemoryUsage>;
  /** Optional: the latency from origin to the server's fan-out (the gateway's hub). */
  probe?: { begin(): Promise<unknown>; end(origins: Origins): Promise<LatencyStats> };
}

export interface PhaseFigures {
  /** Deliveries/s asked for. */
  target: number;
  /** Deliveries the events sent make (Σ matching clients). */
  expected: number;
  /** Deliveries received within the publishing window, per second. */
  achieved: number;
  /** Deliveries received by the end of the drain (expected − received = lost). */
  received: number;
  latency: LatencyStats;
  /** Origin → the server's fan-out (gateway: JetStream ack → hub), when the source tells. */
  toHub?: LatencyStats;
  /** Received messages without an origin time (must be 0). */
  unknown: number;
  /** Connections closed by the server meanwhile, by close code. */
  closes: Record<string, number>;
  /** CPU use over the phase, % of one core. */
  cpu: Record<string, number>;
  /** The server's CPU time per delivery received (user, system), µs. */
  serverUs: { user: number; sys: number };
  /** Largest lag of the event source behind its schedule, ms. */
  sourceLagMs: number;
  failed: number;
  seconds: number;
  /** 1-minute load average at the end. */
  load: number;
}

export interface PhaseContext {
  clients: Child;
  /** Mean deliveries per event (the filters' fan-out). */
  meanFanout: number;
  /** Extra processes whose CPU use is reported (name → pid). */
  watch: Record<string, number>;
  /** Print each phase's latency by arrival time (diagnosis). */
  timeline?: boolean;
}

/** Waits until the clients received `expected` messages, or no more arrive for 3 s (max 15 s). */
async function drain(clients: Child, expected: number): Promise<number> {
  const deadline = nowMs() + 15_000;
  let last = -1;
  let lastChange = nowMs();
  for (;;) {
    const { received } = await clients.call<{ received: number }>('count');
    if (received >= expected || nowMs() > deadline) return received;
    if (received !== last) {
      last = received;
      lastChange = nowMs();
    } else if (nowMs() - lastChange > 3_000) return received;
    await sleep(50);
  }
}

/** One measured phase: `target` deliveries/s for `seconds` from `source` to the clients. */
export async function runPhase(
  ctx: PhaseContext,
  source: Source,
  target: number,
  seconds: number,
): Promise<PhaseFigures> {
  const { clients } = ctx;
  await clients.call('begin');
  await source.probe?.begin();
  const cpu = cpuMeter({ server: source.pid, clients: clients.pid, ...ctx.watch });
  const serverBefore = cpuTimes(source.pid);
  const from = nowMs();
  const sent = await source.publish(target / ctx.meanFanout, seconds);
  const to = nowMs();
  const received = await drain(clients, sent.expected);
  const cpuUse = cpu();
  const serverAfter = cpuTimes(source.pid);
  const perDelivery = (s: number) => (s * 1e6) / Math.max(1, received);
  const serverUs = {
    user: perDelivery(serverAfter.user - serverBefore.user),
    sys: perDelivery(serverAfter.sys - serverBefore.sys),
  };
  const { closes } = await clients.call<{ closes: Record<string, number> }>('count');
  const r = await clients.call<PhaseResult>('end', {
    origins: sent.origins,
    from,
    to,
    buckets: ctx.timeline === true,
  });
  const toHub = await source.probe?.end(sent.origins);
  if (ctx.timeline) {
    const line = r.timeline.map((b) => `${(b.at / 1000).toFixed(1)}s:${b.n}/${b.max.toFixed(0)}ms`);
    console.error(`[bench-live] ${source.name} timeline (arrivals/max latency): ${line.join(' ')}`);
  }
  return {
    target,
    expected: sent.expected,
    achieved: (r.inWindow * 1000) / (to - from),
    received,
    latency: r.latency,
    ...(toHub ? { toHub } : {}),
    unknown: r.unknown,
    closes,
    cpu: cpuUse,
    serverUs,
    sourceLagMs: sent.maxLagMs,
    failed: sent.failed,
    seconds: (to - from) / 1000,
    load: loadavg()[0]!,
  };
}

/** The RSS (and heap) a server holds per idle connection: with N connected minus with none. */
export async function idleMemory(
  ctx: PhaseContext,
  source: Source,
  filters: string[][],
): Promise<{ rssPerConn: number; heapPerConn: number; before: number; after: number }> {
  const { clients } = ctx;
  // Warm up the connection path once (modules, JIT), so the baseline is not a cold process.
  await clients.call('connect', { url: source.url, filters: filters.slice(0, 20) });
  await clients.call('disconnect', { url: source.url });
  await sleep(500);
  const before = await source.memory();
  await clients.call('connect', { url: source.url, filters });
  await sleep(2_000);
  const after = await source.memory();
  const heap = (m: NodeJS.MemoryUsage) => m.heapUsed + m.external + m.arrayBuffers;
  return {
    rssPerConn: (after.rss - before.rss) / filters.length,
    heapPerConn: (heap(after) - heap(before)) / filters.length,
    before: before.rss,
    after: after.rss,
  };
}

/** Stops a ramp step: latency over the bound, closed clients, or deliveries lost. */
export function stepOk(s: PhaseFigures, maxP99Ms: number): boolean {
  return (
    s.latency.p99 <= maxP99Ms &&
    Object.keys(s.closes).length === 0 &&
    s.received >= s.expected &&
    s.failed === 0
  );
}

export interface RampOptions {
  start: number;
  growth: number;
  maxSteps: number;
  stepSeconds: number;
  maxP99Ms: number;
}

/**
 * Ramps each source's rate from `start` deliveries/s by ×`growth` per step, the sources taking
 * turns step by step (so they meet the same machine load), each until one of its steps fails
 * (`stepOk`), its receive rate stops growing (< 3 % over its best) or falls below 90 % of the
 * rate asked, or `maxSteps`. The maximum sustained is the best receive rate of a step that passed.
 */
export async function ramps(
  ctx: PhaseContext,
  sources: readonly Source[],
  opts: RampOptions,
  progress: (msg: string) => void,
): Promise<{ steps: PhaseFigures[]; max: number }[]> {
  const results = sources.map(() => ({ steps: [] as PhaseFigures[], max: 0, done: false }));
  for (let k = 0; k < opts.maxSteps && results.some((r) => !r.done); k++) {
    const target = opts.start * opts.growth ** k;
    for (const [i, source] of sources.entries()) {
      const r = results[i]!;
      if (r.done) continue;
      const s = await runPhase(ctx, source, target, opts.stepSeconds);
      r.steps.push(s);
      progress(
        `  ${source.name} step ${k + 1}: asked ${Math.round(target)}/s, got ` +
          `${Math.round(s.achieved)}/s, p99 ${s.latency.p99.toFixed(1)} ms`,
      );
      if (!stepOk(s, opts.maxP99Ms)) {
        r.done = true;
        continue;
      }
      const growing = s.achieved >= r.max * 1.03;
      r.max = Math.max(r.max, s.achieved);
      if (!growing || s.achieved < 0.9 * s.target) r.done = true;
      await sleep(300);
    }
  }
  return results.map(({ steps, max }) => ({ steps, max }));
}
