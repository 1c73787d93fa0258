import type { Kysely } from 'kysely';
import type { Database } from '@rcpx/db';
import {
  applyPrepared,
  prepareBatch,
  type ApplyBatchOptions,
  type ApplyResult,
  type PreparedBatch,
} from './apply-batch.ts';
import type { LogEntry } from './decode.ts';

/** A Postgres error caused by the data itself (class 22 data exception, 23 integrity). */
export function isDataError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^2[23][0-9A-Z]{3}$/.test(code);
}

/**
 * `applyPrepared`, and when Postgres refuses the batch because of its data, the same events one
 * by one, skipping (logged, checkpoint moved past) each event it refuses on its own: a bad event
 * in the immutable log must not wedge the projector. Other errors (Postgres down…) are thrown.
 */
export async function applyPreparedSafely(
  db: Kysely<Database>,
  prepared: PreparedBatch,
  opts: ApplyBatchOptions = {},
): Promise<ApplyResult> {
  try {
    return await applyPrepared(db, prepared, opts);
  } catch (err) {
    if (!isDataError(err) || prepared.entries.length === 0) throw err;
    opts.logger?.warn(
      { err, size: prepared.entries.length },
      'projector: batch refused; applying one by one',
    );
  }
  const total: ApplyResult = { checkpoint: 0, applied: 0, skipped: 0, duplicates: 0 };
  for (const entry of prepared.entries) {
    let r: ApplyResult;
    try {
      r = await applyPrepared(db, { entries: [entry] }, opts);
    } catch (err) {
      if (!isDataError(err)) throw err;
      const reason = `refused by Postgres: ${(err as Error).message}`;
      r = await applyPrepared(
        db,
        { entries: [{ seq: entry.seq, result: { ok: false, reason } }] },
        opts,
      );
    }
    total.checkpoint = r.checkpoint;
    total.applied += r.applied;
    total.skipped += r.skipped;
    total.duplicates += r.duplicates;
  }
  return total;
}

/** `applyPreparedSafely(db, prepareBatch(batch), opts)`. */
export function applyBatchSafely(
  db: Kysely<Database>,
  batch: readonly LogEntry[],
  opts: ApplyBatchOptions = {},
): Promise<ApplyResult> {
  return applyPreparedSafely(db, prepareBatch(batch), opts);
}
