import {
  createTestEnv,
  freePort,
  npmStartNodeFlags,
  serviceEnv,
  spawnService,
  waitFor,
} from '@rcpx/testing';
import type { TeardownHost, TestEnv } from '@rcpx/testing';
import { watchLive, type LiveSeen } from './live-watcher.ts';
import { runLoad } from './load-client.ts';
import type { Measured } from './report.ts';
import { practiceBodies } from './workload.ts';

// What a user sees: `npm start` (every service in one process: ingest, projector, query,
// gateway…) in a child process on its own database and stream, driven from outside.

const ADMIN = 'bench-admin-token';

export interface AllInOne {
  base: string;
  token: string;
  /** The all-in-one's process id (its CPU is in the bench's by-process table as node). */
  pid: number;
  /** Stops it (gracefully: a CPU profile is written). */
  stop(): Promise<unknown>;
}

/**
 * Node's flags for a CPU profile of the whole child run, one file per thread (the main one is
 * the largest; tsx's loader has its own) into `<dir>/all-in-one/`.
 */
const cpuProfileFlags = (dir: string | undefined): string[] =>
  dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}/all-in-one`] : [];

/**
 * Starts `npm start`'s entry with the rate limit off and mints a publisher token: on `opts.env`'s
 * database and stream when given (already holding a log and its read models), else a fresh one;
 * with `opts.profileDir`, the child records a CPU profile of its whole run there.
 */
export async function startAllInOne(
  host: TeardownHost,
  participant: string,
  opts: { env?: TestEnv; profileDir?: string } = {},
): Promise<AllInOne> {
  const env = opts.env ?? (await createTestEnv(host));
  const port = await freePort();
  const proc = spawnService(
    'services/all-in-one/src/main.ts',
    {
      ...serviceEnv(env),
      RCPX_ADMIN_TOKEN: ADMIN,
      RCPX_RATE_LIMIT: '0',
      PORT: String(port),
      LOG_LEVEL: 'warn',
    },
    { onLine: () => {}, nodeArgs: [...npmStartNodeFlags(), ...cpuProfileFlags(opts.profileDir)] },
  );
  // SIGTERM: a graceful close, so that `--cpu-prof` writes its profile at exit
  host.teardown(() => proc.kill());
  const base = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${base}/readyz`).catch(() => null))?.ok, {
    timeoutMs: 60_000,
    message: 'the all-in-one did not come up',
  });
  const res = await fetch(`${base}/v1/admin/tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ participant, role: 'publisher' }),
  });
  const { token } = (await res.json()) as { token: string };
  return { base, token, pid: proc.child.pid!, stop: () => proc.kill() };
}

export interface LoadFigures extends Measured {
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

/** How far the projector was behind the log as the load ended, and how long it took to catch up. */
export interface ProjectorLag {
  behind: number;
  catchUpMs: number;
}

async function projectorCheckpoint(app: AllInOne): Promise<number> {
  const text = await (await fetch(`${app.base}/metrics`)).text();
  return Number(/^rcpx_projector_checkpoint(?:\{[^}]*\})? (\d+)/m.exec(text)?.[1] ?? 0);
}

/** One more practice of `participant`: its seq. */
async function writeOne(app: AllInOne, participant: string): Promise<number> {
  const post = await fetch(`${app.base}/v1/practices`, {
    method: 'POST',
    headers: { authorization: `Bearer ${app.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(practiceBodies(1, participant)[0]),
  });
  if (post.status !== 201) throw new Error(`bench: POST answered ${post.status}`);
  return ((await post.json()) as { seq: number }).seq;
}

/**
 * Right after a load and one more write (`seq`, the log's end): the projector's checkpoint at
 * once (/metrics), then the time until the checkpoint reaches that seq. Writes/s mean little if
 * the projector fell behind while they were taken.
 */
async function projectorLag(app: AllInOne, seq: number): Promise<ProjectorLag> {
  const t0 = performance.now();
  const behind = Math.max(0, seq - (await projectorCheckpoint(app)));
  while ((await projectorCheckpoint(app)) < seq) {
    if (performance.now() - t0 > 120_000) throw new Error(`projector not at ${seq} in 120 s`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return { behind, catchUpMs: performance.now() - t0 };
}

/**
 * autocannon (in a child process) POSTing practices to the all-in-one, then one more write (the
 * log's `end`) and, unless `opts.projecting` is false (its projector stands by), `projectorLag`;
 * a live client (SSE) follows the writes meanwhile (`watchLive`).
 */
export async function benchAllInOneWrites(
  app: AllInOne,
  opts: {
    seconds: number;
    connections: number;
    maxRequests: number;
    participant: string;
    projecting?: boolean;
  },
): Promise<LoadFigures & { end: number; lag?: ProjectorLag; live: LiveSeen }> {
  const base = {
    url: app.base,
    connections: opts.connections,
    headers: { authorization: `Bearer ${app.token}`, 'content-type': 'application/json' },
    requests: practiceBodies(256, opts.participant).map((body) => ({
      method: 'POST' as const,
      path: '/v1/practices',
      body: JSON.stringify(body),
    })),
  };
  await runLoad({ ...base, amount: opts.connections * 20 }); // warm-up
  const watcher = await watchLive(app);
  const before = await writeOne(app, opts.participant); // the load's writes come after it
  const r = await runLoad({
    ...base,
    duration: opts.seconds,
    maxOverallRequests: opts.maxRequests,
  });
  const end = await writeOne(app, opts.participant);
  const lag = opts.projecting === false ? undefined : await projectorLag(app, end);
  const live = await watcher.stopAt(before, end);
  return {
    end,
    ...(lag ? { lag } : {}),
    live,
    events: r.ok,
    seconds: r.seconds,
    p50: r.p50,
    p99: r.p99,
    non2xx: r.non2xx,
    errors: r.errors,
  };
}

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;

/**
 * One client, one write at a time: POST a practice, then GET it with `minSeq` = the write's
 * seq. The latency is from sending the POST to the GET's answer: publish → readable.
 */
export async function benchPublishToReadable(
  app: AllInOne,
  opts: { writes: number; participant: string },
): Promise<LoadFigures> {
  const bodies = practiceBodies(64, opts.participant);
  const headers = { authorization: `Bearer ${app.token}`, 'content-type': 'application/json' };
  const latencies: number[] = [];
  let failures = 0;
  const started = performance.now();
  for (let i = 0; i < opts.writes; i++) {
    const t0 = performance.now();
    const post = await fetch(`${app.base}/v1/practices`, {
      method: 'POST',
      headers,
      body: JSON.stringify(bodies[i % bodies.length]),
    });
    const { id, seq } = (await post.json()) as { id: string; seq: number };
    const get = await fetch(`${app.base}/v1/practices/${id}?minSeq=${seq}`, { headers });
    await get.arrayBuffer();
    if (post.status !== 201 || get.status !== 200) failures++;
    else latencies.push(performance.now() - t0);
  }
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    events: latencies.length,
    seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    non2xx: failures,
    errors: 0,
  };
}
