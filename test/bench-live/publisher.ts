import { append, subjectFor } from '@rcpx/bus';
import type { Bus } from '@rcpx/bus';
import type { Origins } from './clients.ts';
import { nowMs } from './ipc.ts';
import { paced } from './pace.ts';
import { benchEvent } from './workload.ts';

export interface Published {
  /** Events acknowledged by JetStream. */
  published: number;
  /** Σ weight(i) over the acknowledged events: the deliveries they make. */
  expected: number;
  failed: number;
  /** The JetStream ack time of each seq. */
  origins: Origins;
  ms: number;
  maxLagMs: number;
}

const MAX_IN_FLIGHT = 2_000;

/**
 * Appends events 0…n-1 of the workload (n = rate × seconds) at `rate` per second, pipelined
 * (up to 2,000 in flight), stamping each seq with the time its ack arrived.
 */
export async function publishPaced(
  bus: Bus,
  rate: number,
  seconds: number,
  weight: (i: number) => number,
): Promise<Published> {
  const total = Math.max(1, Math.round(rate * seconds));
  const seqs = new Float64Array(total).fill(NaN);
  const acks = new Float64Array(total).fill(NaN);
  let inFlight = 0;
  let failed = 0;
  let firstError: unknown;
  let waiter: (() => void) | undefined;
  const settled: Promise<void>[] = [];
  const pacing = await paced(
    rate,
    total,
    (i) => {
      const { id, event } = benchEvent(i);
      inFlight++;
      settled.push(
        append(bus, subjectFor(bus, 'practice', id), event, { timeoutMs: 10_000 })
          .then(
            ({ seq }) => {
              acks[i] = nowMs();
              seqs[i] = seq;
            },
            (err: unknown) => {
              failed++;
              firstError ??= err;
            },
          )
          .finally(() => {
            inFlight--;
            if (inFlight < MAX_IN_FLIGHT / 2) waiter?.();
          }),
      );
    },
    () =>
      inFlight < MAX_IN_FLIGHT
        ? undefined
        : new Promise<void>((resolve) => {
            waiter = resolve;
          }),
  );
  await Promise.all(settled);
  if (failed > 0) console.error(`[bench-live] ${failed} appends failed, first:`, firstError);
  let base = Infinity;
  let top = -Infinity;
  for (const s of seqs) {
    if (Number.isNaN(s)) continue;
    base = Math.min(base, s);
    top = Math.max(top, s);
  }
  let expected = 0;
  for (let i = 0; i < total; i++) if (!Number.isNaN(seqs[i]!)) expected += weight(i);
  const times = new Float64Array(Number.isFinite(base) ? top - base + 1 : 0).fill(NaN);
  for (let i = 0; i < total; i++) if (!Number.isNaN(seqs[i]!)) times[seqs[i]! - base] = acks[i]!;
  return {
    published: total - failed,
    expected,
    failed,
    origins: { base: Number.isFinite(base) ? base : 0, times },
    ms: pacing.ms,
    maxLagMs: pacing.maxLagMs,
  };
}
