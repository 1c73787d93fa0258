import type { Kysely } from 'kysely';
import { alignDurable, backoffMs, consumeBatches, ensureStream, sleep, type Bus } from '@rcpx/bus';
import type { Database } from '@rcpx/db';
import type { CheckpointedHandler, ProcessorLogger } from './handler.ts';
import { whileLeading } from './leader-lock.ts';
import { batchPipeline } from './pipeline.ts';

export interface ProcessorOptions<P> {
  db: Kysely<Database>;
  bus: Bus;
  /** The durable consumer (one per processor). */
  durable: string;
  /** The leader lock's name (`advisoryLockKey`): one active instance per name and database. */
  lock: string;
  handler: CheckpointedHandler<P>;
  /** Messages per batch at most (default 1000). */
  maxBatch?: number;
  logger?: ProcessorLogger;
  /** Called when this instance starts or stops leading. */
  onRoleChange?: (role: 'leader' | 'standby') => void;
  /** Lock heartbeat (default 2 s). */
  heartbeatMs?: number;
  /** Pause between attempts to take the lock while standing by (default 1 s). */
  standbyRetryMs?: number;
}

/** A running checkpointed processor. */
export interface Processor {
  /** Whether this instance holds the lock (and applies). */
  readonly leading: boolean;
  /**
   * Ordered stop: no new batch; the batch being applied commits (or its retry is abandoned);
   * the lock is released; then it resolves.
   */
  stop(): Promise<void>;
}

const noop: ProcessorLogger = { info() {}, warn() {} };

/**
 * Runs `handler` over the log: one active instance per `lock` (a session advisory lock on a
 * dedicated connection, checked by a heartbeat; the others stand by and try it every second),
 * consuming through the durable consumer `durable`, which each term first moves to the handler's
 * checkpoint + 1 (a durable elsewhere — models reset or restored, a batch acked before its
 * commit — would skip or repeat). Batches are prepared while the previous one is applied, and
 * applied with retries and backoff; the handler commits them with its checkpoint. Losing
 * Postgres or NATS needs no restart.
 */
export function startProcessor<P>(opts: ProcessorOptions<P>): Processor {
  const { db, bus, durable, handler } = opts;
  const log = opts.logger ?? noop;
  const standbyRetryMs = opts.standbyRetryMs ?? 1_000;
  const stopping = new AbortController();
  let leading = false;

  async function lead(lost: AbortSignal): Promise<void> {
    const ended = new AbortController();
    const signal = AbortSignal.any([stopping.signal, lost, ended.signal]);
    const pipeline = batchPipeline(handler, {
      signal,
      logger: log,
      name: durable,
      onFailed: (err) => {
        if (!signal.aborted) log.warn({ err, durable }, 'processor: batch not applied; realigning');
        ended.abort();
      },
    });
    try {
      await ensureStream(bus);
      const checkpoint = await handler.checkpoint();
      const ackFloor = await alignDurable(bus, durable, checkpoint);
      if (ackFloor !== null) {
        log.info({ durable, ackFloor, checkpoint }, 'processor: durable moved to the checkpoint');
      }
      log.info({ durable, checkpoint }, 'processor: leading');
      await consumeBatches(bus, {
        durable,
        startSeq: checkpoint + 1,
        maxBatch: opts.maxBatch ?? 1000,
        signal,
        logger: log,
        handler: (batch) => pipeline.push(batch),
      });
    } finally {
      await pipeline.drain().catch(() => {});
    }
  }

  async function run(): Promise<void> {
    let announced = false;
    for (let attempt = 0; !stopping.signal.aborted;) {
      try {
        const led = await whileLeading(
          db,
          { name: opts.lock, heartbeatMs: opts.heartbeatMs, logger: log },
          async (lost) => {
            leading = true;
            announced = false;
            opts.onRoleChange?.('leader');
            try {
              await lead(lost);
            } finally {
              leading = false;
              opts.onRoleChange?.('standby');
            }
          },
        );
        if (!led && !announced) log.info({ lock: opts.lock }, 'processor: another instance leads');
        announced ||= !led;
        attempt = 0;
      } catch (err) {
        if (stopping.signal.aborted) break;
        log.warn({ err, attempt, durable }, 'processor: cannot lead now; retrying');
        await handler.recover?.(err).catch(() => {});
        await sleep(backoffMs(attempt++, 200, standbyRetryMs * 5), stopping.signal);
        continue;
      }
      await sleep(standbyRetryMs, stopping.signal);
    }
  }

  const running = run();

  return {
    get leading() {
      return leading;
    },
    async stop() {
      stopping.abort();
      await running;
    },
  };
}
