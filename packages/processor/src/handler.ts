import type { StoredEvent } from '@rcpx/bus';

/** Where a processor reports (a pino logger fits). */
export interface ProcessorLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

/**
 * What a checkpointed processor runs over the log. The handler owns its checkpoint: `apply`
 * commits a batch's writes and the checkpoint in one transaction (one per checkpoint row), and
 * skips seq ≤ the checkpoint, since delivery is at least once.
 */
export interface CheckpointedHandler<P> {
  /** Every seq up to it is applied; read when a term starts (delivery resumes at it + 1). */
  checkpoint(): Promise<number>;
  /** CPU work on a batch, outside any transaction: runs while the previous batch is applied. */
  prepare(batch: StoredEvent[]): P | Promise<P>;
  /**
   * Applies a prepared batch. A throw is retried with backoff (the same batch); `RealignError`
   * ends the leader's term instead (delivery moves back to checkpoint + 1).
   */
  apply(prepared: P): Promise<void>;
  /** Called after a failure, before the backoff (e.g. migrate a dropped schema again). */
  recover?(err: unknown): Promise<void>;
}

/** Thrown by `apply` when delivery and checkpoint disagree: the term ends and realigns. */
export class RealignError extends Error {
  override readonly name = 'RealignError';
}
