import { connectBus } from '@rcpx/bus';
import { createDb, generateToken, hashToken, insertToken } from '@rcpx/db';
import { buildApp } from '@rcpx/ingest';
import { createLogger } from '@rcpx/service-kit';
import { freePort, type TestEnv } from '@rcpx/testing';
import { runLoad } from './load-client.ts';
import type { Measured } from './report.ts';
import { practiceBodies } from './workload.ts';

export interface HttpWritesOptions {
  /** Length of the measured run. */
  seconds: number;
  connections: number;
  /** Upper bound on the requests of the measured run (it stops at whichever comes first). */
  maxRequests: number;
  /** Requests before the measured run (JIT, token cache, sockets). */
  warmupRequests?: number;
  /** The participant whose publisher token posts. */
  participant?: string;
}

export interface HttpWritesResult extends Measured {
  p50: number;
  p99: number;
  /** Answers other than 2xx, and connection errors/timeouts (all should be 0). */
  non2xx: number;
  errors: number;
}

/**
 * POST /v1/practices over real HTTP: the ingest app (its own pg pool and NATS connection, as in
 * production) listens on a free port of this process; autocannon runs the clients in a child
 * process, `connections` keep-alive connections each with one request in flight. Events/s counts
 * 201 answers only (each one acked by JetStream); the latencies are those of the 2xx answers;
 * `cpuSeconds` is the app's (this process's) CPU time during the measured run.
 */
export async function benchHttpWrites(
  env: TestEnv,
  opts: HttpWritesOptions,
): Promise<HttpWritesResult> {
  const participant = opts.participant ?? 'colombo-process';
  const db = createDb(env.databaseUrl);
  const bus = await connectBus({
    url: env.natsUrl,
    stream: env.stream,
    subjectPrefix: env.subjectPrefix,
    name: 'rcpx-bench-ingest',
  });
  // closing the app closes db and bus
  const app = await buildApp({
    config: { RCPX_ADMIN_TOKEN: generateToken() },
    db,
    bus,
    logger: createLogger({ LOG_LEVEL: 'silent' }),
  });
  try {
    const token = generateToken();
    await insertToken(db, { participant, role: 'publisher', hash: hashToken(token) });
    const port = await freePort();
    await app.listen({ host: '127.0.0.1', port });

    const requests = practiceBodies(256, participant).map((body) => ({
      method: 'POST' as const,
      path: '/v1/practices',
      body: JSON.stringify(body),
    }));
    const base = {
      url: `http://127.0.0.1:${port}`,
      connections: opts.connections,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      requests,
    };
    const warmup = opts.warmupRequests ?? opts.connections * 20;
    if (warmup > 0) await runLoad({ ...base, amount: Math.max(warmup, opts.connections) });

    const cpuBefore = process.cpuUsage();
    const r = await runLoad({
      ...base,
      duration: opts.seconds,
      maxOverallRequests: opts.maxRequests,
    });
    const cpu = process.cpuUsage(cpuBefore);
    return {
      events: r.ok,
      seconds: r.seconds,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      p50: r.p50,
      p99: r.p99,
      non2xx: r.non2xx,
      errors: r.errors,
    };
  } finally {
    await app.close();
  }
}
