import { Counter, Gauge } from 'prom-client';
import type { Registry } from 'prom-client';
import type { LiveHub } from './live-hub.ts';

/** Why a live connection ended (the `reason` label of `rcpx_live_closed_total`). */
export type CloseReason = 'client' | 'slow_consumer' | 'revoked' | 'shutdown' | 'error';

/** The live endpoint's Prometheus metrics; the hot path only bumps plain numbers. */
export interface LiveMetrics {
  closed(reason: CloseReason): void;
}

/**
 * Registers `rcpx_live_connections` (open now), `rcpx_live_events_total` (events broadcast by
 * the hub) and `rcpx_live_closed_total{reason}` on `registry`.
 */
export function liveMetrics(
  registry: Registry,
  hub: LiveHub,
  connections: () => number,
): LiveMetrics {
  new Gauge({
    name: 'rcpx_live_connections',
    help: 'Open live connections (WebSocket and SSE).',
    registers: [registry],
    collect() {
      this.set(connections());
    },
  });
  let reported = 0;
  new Counter({
    name: 'rcpx_live_events_total',
    help: 'Events the live hub broadcast since start.',
    registers: [registry],
    collect() {
      this.inc(hub.broadcast - reported);
      reported = hub.broadcast;
    },
  });
  const closed = new Counter({
    name: 'rcpx_live_closed_total',
    help: 'Live connections ended, by reason.',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  return { closed: (reason) => closed.inc({ reason }) };
}
