import { replay, type Bus } from '@rcpx/bus';
import type { CheckpointedHandler, ProcessorLogger } from './handler.ts';
import { batchPipeline } from './pipeline.ts';

export interface ProcessRangeOptions {
  /** The last seq to process (inclusive). */
  untilSeq: number;
  /** Events per batch (default 5000). */
  batchSize?: number;
  /** Attempts per batch before the error is thrown (default 5). */
  maxAttempts?: number;
  signal?: AbortSignal;
  logger?: ProcessorLogger;
}

const noop: ProcessorLogger = { info() {}, warn() {} };

/**
 * Runs `handler` over the log from its checkpoint + 1 up to `untilSeq`, read by replay (no lock,
 * no durable: a catch-up the caller serialises), in batches through the processor's pipeline.
 * Returns the last seq seen and the number of events.
 */
export async function processRange<P>(
  bus: Bus,
  handler: CheckpointedHandler<P>,
  opts: ProcessRangeOptions,
): Promise<{ last: number; count: number }> {
  const afterSeq = await handler.checkpoint();
  if (opts.untilSeq <= afterSeq) return { last: afterSeq, count: 0 };
  const batchSize = opts.batchSize ?? 5000;
  const stop = new AbortController();
  const signal = opts.signal ? AbortSignal.any([opts.signal, stop.signal]) : stop.signal;
  const pipeline = batchPipeline(handler, {
    signal,
    logger: opts.logger ?? noop,
    name: 'catch-up',
    maxAttempts: opts.maxAttempts ?? 5,
  });
  let batch: Parameters<typeof pipeline.push>[0] = [];
  let last = afterSeq;
  let count = 0;
  try {
    for await (const e of replay(bus, { afterSeq, signal })) {
      batch.push(e);
      last = e.seq;
      count++;
      if (e.seq >= opts.untilSeq) break;
      if (batch.length >= batchSize) {
        await pipeline.push(batch);
        batch = [];
      }
    }
    if (batch.length > 0) await pipeline.push(batch);
    await pipeline.drain();
  } finally {
    stop.abort();
    await pipeline.drain().catch(() => {});
  }
  if (opts.signal?.aborted) throw new Error('catch-up aborted');
  return { last, count };
}
