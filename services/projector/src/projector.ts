import type { Kysely } from 'kysely';
import { sleep, type Bus } from '@rcpx/bus';
import { readModelsCheckpoint, type Database } from '@rcpx/db';
import { startProcessor } from '@rcpx/processor';
import type { ApplyResult, ProjectorLogger } from './apply-batch.ts';
import { leaderLockName } from './locks.ts';
import { readModelsHandler } from './read-models-handler.ts';

export interface StartProjectorOptions {
  db: Kysely<Database>;
  bus: Bus;
  /** Read schema (default `rm`). */
  schema?: string;
  logger?: ProjectorLogger;
  /** Durable consumer name (default `projector`). */
  durable?: string;
  /**
   * Messages per batch at most (default 5000: a backlog drains in big batches, fewer
   * transactions; live, a batch is what has arrived meanwhile).
   */
  maxBatch?: number;
  /** Metrics hook: called after each committed batch. */
  onApplied?: (result: ApplyResult) => void;
  /** Metrics hook: leading (applying) or standby. */
  onRoleChange?: (role: 'leader' | 'standby') => void;
}

export interface Projector {
  /** Stops consuming (after the running batch), releases the lock. */
  stop(): Promise<void>;
  /**
   * Resolves once the read models' checkpoint (the minimum over the projections) is ≥ `seq`
   * (whichever instance applies it).
   */
  caughtUp(seq: number, timeoutMs?: number): Promise<void>;
  /** Whether this instance holds the schema's projector lock. */
  readonly leading: boolean;
}

const noop: ProjectorLogger = { info() {}, warn() {}, error() {} };

/**
 * Runs the projector of `schema`: the read models' handler (`readModelsHandler`) in a
 * checkpointed processor (@rcpx/processor) — one active instance per schema, the others standing
 * by; the durable consumer at the read models' checkpoint + 1; failures retried with backoff,
 * nothing skipped; read models reset under it (dropped, re-created) are projected again.
 */
export function startProjector(opts: StartProjectorOptions): Projector {
  const { db, bus } = opts;
  const schema = opts.schema ?? 'rm';
  const logger = opts.logger ?? noop;
  const processor = startProcessor({
    db,
    bus,
    durable: opts.durable ?? 'projector',
    lock: leaderLockName(schema),
    handler: readModelsHandler({ db, bus, schema, logger, onApplied: opts.onApplied }),
    maxBatch: opts.maxBatch ?? 5000,
    logger,
    onRoleChange: opts.onRoleChange,
  });

  return {
    get leading() {
      return processor.leading;
    },
    stop: () => processor.stop(),
    async caughtUp(seq, timeoutMs) {
      const deadline = timeoutMs === undefined ? Infinity : Date.now() + timeoutMs;
      for (;;) {
        const at = await readModelsCheckpoint(db, schema).catch(() => -1);
        if (at >= seq) return;
        if (Date.now() >= deadline) {
          throw new Error(`projector: checkpoint ${at} has not reached ${seq} in ${timeoutMs} ms`);
        }
        await sleep(25);
      }
    },
  };
}
