import { backoffMs, sleep, type StoredEvent } from '@rcpx/bus';
import { RealignError, type CheckpointedHandler, type ProcessorLogger } from './handler.ts';

export interface PipelineOptions {
  /** Ends the retries (the batch being retried is abandoned). */
  signal: AbortSignal;
  logger: ProcessorLogger;
  /** For the logs. */
  name: string;
  /** Attempts per batch before its error is kept (default: until `signal` aborts). */
  maxAttempts?: number;
  /** Called at once when a batch fails for good (its batch was acked: the term must end). */
  onFailed?: (err: unknown) => void;
}

/** Two batches in flight: the next one is prepared while the previous one is applied. */
export interface BatchPipeline {
  /**
   * Prepares `batch`, waits for the previous batch to be applied, and starts applying this one
   * (not awaited). Rejects with the error of a previous batch that failed for good.
   */
  push(batch: StoredEvent[]): Promise<void>;
  /** Waits for the batch being applied; rejects with its error when it failed for good. */
  drain(): Promise<void>;
}

/**
 * The batch pipeline of a checkpointed processor: prepare outside transactions, apply one batch
 * at a time in seq order, each retried with backoff (100 ms doubling to 5 s; `recover` first)
 * until it commits, `signal` aborts, the handler throws `RealignError` or `maxAttempts` is spent.
 */
export function batchPipeline<P>(
  handler: CheckpointedHandler<P>,
  opts: PipelineOptions,
): BatchPipeline {
  const { signal, logger, name } = opts;
  const maxAttempts = opts.maxAttempts ?? Infinity;
  let inflight: Promise<void> = Promise.resolve();

  const applyWithRetry = async (prepared: P, from: number | undefined): Promise<void> => {
    for (let attempt = 0; ; attempt++) {
      try {
        await handler.apply(prepared);
        return;
      } catch (err) {
        if (signal.aborted || err instanceof RealignError || attempt + 1 >= maxAttempts) throw err;
        logger.warn(
          { err, attempt, from, processor: name },
          'processor: applying failed; retrying',
        );
        await handler.recover?.(err).catch((e: unknown) => {
          logger.warn({ err: e, processor: name }, 'processor: recovering failed');
        });
        await sleep(backoffMs(attempt, 100, 5_000), signal);
        if (signal.aborted) throw new Error(`${name} stopped`, { cause: err });
      }
    }
  };

  return {
    async push(batch) {
      const prepared = await handler.prepare(batch);
      await inflight;
      inflight = applyWithRetry(prepared, batch[0]?.seq);
      inflight.catch((err: unknown) => opts.onFailed?.(err)); // and by the next push or drain
    },
    drain: () => inflight,
  };
}
