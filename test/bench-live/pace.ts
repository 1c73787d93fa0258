import { setTimeout as sleep } from 'node:timers/promises';
import { nowMs } from './ipc.ts';

/** The pacing loop's timer period: events due meanwhile leave together. */
export const TICK_MS = 4;

export interface Paced {
  /** Events emitted. */
  emitted: number;
  /** Wall time from the first to the last emission, ms. */
  ms: number;
  /** The largest delay of an emission behind its schedule, ms. */
  maxLagMs: number;
}

/**
 * Calls `emit(i)` for i in [0, total) at `rate` per second from now: every event is emitted as
 * soon as it is due (late ones in a burst, so the offered rate holds whatever the lag).
 * `backpressure`, when given, is awaited before each burst (e.g. too many appends in flight).
 */
export async function paced(
  rate: number,
  total: number,
  emit: (i: number) => void,
  backpressure?: () => Promise<void> | undefined,
): Promise<Paced> {
  const start = nowMs();
  const interval = 1000 / rate;
  let sent = 0;
  let maxLagMs = 0;
  while (sent < total) {
    await backpressure?.();
    const now = nowMs();
    const due = Math.min(total, Math.floor((now - start) / interval) + 1);
    if (sent < due) maxLagMs = Math.max(maxLagMs, now - (start + sent * interval));
    while (sent < due) emit(sent++);
    if (sent >= total) break;
    // Never spin, and wake at most every TICK_MS: the other processes of the benchmark share the
    // cores (a 1 ms timer alone costs ~7 % of a core here). The origin time of an event is
    // stamped when it is actually sent (JetStream ack / raw write), so batching adds no latency
    // to the figures.
    await sleep(Math.max(TICK_MS, Math.floor(start + sent * interval - nowMs())));
  }
  return { emitted: sent, ms: nowMs() - start, maxLagMs };
}
