import fp from 'fastify-plugin';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { isConnected } from '@rcpx/bus';
import type { Bus } from '@rcpx/bus';
import type { Database } from '@rcpx/db';
import { ProblemError } from './problem.ts';
import { sendProblem } from './error-handler.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** This app's Prometheus registry (served at /metrics); add service metrics to it. */
    metrics: Registry;
  }
}

/** A readiness check: resolves when the dependency answers, rejects (or hangs) otherwise. */
export type ReadinessCheck = () => Promise<void>;

export interface OpsPluginOptions {
  checks?: Record<string, ReadinessCheck>;
  /** Per-check timeout in ms (default 1000). */
  checkTimeoutMs?: number;
  /** Collect Node.js process metrics (default true). */
  defaultMetrics?: boolean;
}

/** A readiness check for Postgres: `select 1`. */
export const checkDb =
  (db: Kysely<Database>): ReadinessCheck =>
  async () => {
    await sql`select 1`.execute(db);
  };

/** A readiness check for NATS: a round trip to the server (rejects while disconnected). */
export const checkBus =
  (bus: Bus): ReadinessCheck =>
  async () => {
    if (!isConnected(bus)) throw new Error('not connected to NATS');
    await bus.nc.rtt();
  };

function withTimeout(check: ReadinessCheck, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    Promise.resolve().then(check),
    new Promise<void>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * `GET /healthz` (200 while the process runs), `GET /readyz` (200 when every check passes within
 * its timeout, else 503 problem naming the failing dependencies, with Retry-After) and
 * `GET /metrics` (Prometheus text: default metrics + `http_request_duration_seconds{route,method,
 * status}`). Each app has its own registry (`fastify.metrics`). Name `rcpx-ops`; register it
 * before the routes.
 */
export const opsPlugin = fp<OpsPluginOptions>(
  async (fastify, opts) => {
    const registry = new Registry();
    if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
    const duration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration in seconds, by route template, method and status',
      labelNames: ['route', 'method', 'status'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
    fastify.decorate('metrics', registry);

    fastify.addHook('onResponse', async (request, reply) => {
      duration.observe(
        {
          route: request.routeOptions.url ?? 'unmatched',
          method: request.method,
          status: String(reply.statusCode),
        },
        reply.elapsedTime / 1000,
      );
    });

    const ops = (summary: string) => ({ schema: { tags: ['operations'], summary } });
    fastify.get('/healthz', ops('Liveness: 200 while the process runs'), async () => ({
      status: 'ok',
    }));

    const checks = Object.entries(opts.checks ?? {});
    const timeout = opts.checkTimeoutMs ?? 1_000;
    fastify.get(
      '/readyz',
      ops('Readiness: 200 when every dependency answers, else 503'),
      async (request, reply) => {
        const results = await Promise.allSettled(checks.map(([, c]) => withTimeout(c, timeout)));
        const status: Record<string, string> = {};
        const failed: string[] = [];
        results.forEach((r, i) => {
          const name = checks[i]![0];
          status[name] = r.status === 'fulfilled' ? 'ok' : 'unavailable';
          if (r.status === 'rejected') {
            failed.push(name);
            request.log.warn({ check: name, err: r.reason }, 'readiness check failed');
          }
        });
        if (failed.length > 0) {
          const p = new ProblemError(
            503,
            'Service Unavailable',
            `Not ready: ${failed.join(', ')} unavailable.`,
            {
              headers: { 'retry-after': '2' },
              extensions: { checks: status },
            },
          );
          return sendProblem(reply, p);
        }
        return { status: 'ok', checks: status };
      },
    );

    fastify.get(
      '/metrics',
      ops('Prometheus metrics (text exposition format)'),
      async (_request, reply) => {
        reply.type(registry.contentType);
        return registry.metrics();
      },
    );
  },
  { name: 'rcpx-ops', fastify: '5.x' },
);
