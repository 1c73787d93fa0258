import type { Kysely } from 'kysely';
import type { Database } from '@rcpx/db';
import {
  applyEvery,
  applyProjection,
  prepareBatch,
  type ApplyBatchOptions,
  type ApplyResult,
  type PreparedBatch,
  type ProjectionResult,
} from './apply-batch.ts';
import type { ProjectionApplier } from './applier.ts';
import type { LogEntry } from './decode.ts';

/** A Postgres error caused by the data itself (class 22 data exception, 23 integrity). */
export function isDataError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^2[23][0-9A-Z]{3}$/.test(code);
}

/**
 * `applyProjection`, and when Postgres refuses the batch because of its data, the same events
 * one by one, skipping (logged, checkpoint moved past) each event it refuses on its own: a bad
 * event in the immutable log must not wedge the projection. Other errors (Postgres down…) are
 * thrown.
 */
export async function applyProjectionSafely(
  db: Kysely<Database>,
  applier: ProjectionApplier,
  prepared: PreparedBatch,
  opts: ApplyBatchOptions = {},
): Promise<ProjectionResult> {
  try {
    return await applyProjection(db, applier, prepared, opts);
  } catch (err) {
    if (!isDataError(err) || prepared.entries.length === 0) throw err;
    opts.logger?.warn(
      { err, size: prepared.entries.length, projection: applier.name },
      'projector: batch refused; applying one by one',
    );
  }
  const total: ProjectionResult = {
    projection: applier.name,
    checkpoint: 0,
    applied: 0,
    skipped: 0,
    duplicates: 0,
    skips: [],
  };
  for (const entry of prepared.entries) {
    let r: ProjectionResult;
    try {
      r = await applyProjection(db, applier, { entries: [entry] }, opts);
    } catch (err) {
      if (!isDataError(err)) throw err;
      const reason = `refused by Postgres (${applier.name}): ${(err as Error).message}`;
      r = await applyProjection(
        db,
        applier,
        { entries: [{ seq: entry.seq, result: { ok: false, reason } }] },
        opts,
      );
    }
    total.checkpoint = r.checkpoint;
    total.applied += r.applied;
    total.skipped += r.skipped;
    total.duplicates += r.duplicates;
    total.skips.push(...r.skips);
  }
  return total;
}

/**
 * `applyPrepared` with each projection applied safely (`applyProjectionSafely`): an event one
 * projection's tables refuse is skipped by that projection alone.
 */
export function applyPreparedSafely(
  db: Kysely<Database>,
  prepared: PreparedBatch,
  opts: ApplyBatchOptions = {},
): Promise<ApplyResult> {
  return applyEvery(db, prepared, opts, applyProjectionSafely);
}

/** `applyPreparedSafely(db, await prepareBatch(batch), opts)`. */
export async function applyBatchSafely(
  db: Kysely<Database>,
  batch: readonly LogEntry[],
  opts: ApplyBatchOptions = {},
): Promise<ApplyResult> {
  return applyPreparedSafely(db, await prepareBatch(batch), opts);
}
