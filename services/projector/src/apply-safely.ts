import type { Kysely } from 'kysely';
import type { Database } from '@rcpx/db';
import { applyBatch, type ApplyBatchOptions, type ApplyResult } from './apply-batch.ts';
import type { LogEntry } from './decode.ts';

/** A Postgres error caused by the data itself (class 22 data exception, 23 integrity). */
export function isDataError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^2[23][0-9A-Z]{3}$/.test(code);
}

/**
 * `applyBatch`, and when Postgres refuses the batch because of its data, the same events one by
 * one, skipping (logged, checkpoint moved past) each event it refuses on its own: a bad event in
 * the immutable log must not wedge the projector. Other errors (Postgres down…) are thrown.
 */
export async function applyBatchSafely(
  db: Kysely<Database>,
  batch: readonly LogEntry[],
  opts: ApplyBatchOptions = {},
): Promise<ApplyResult> {
  try {
    return await applyBatch(db, batch, opts);
  } catch (err) {
    if (!isDataError(err) || batch.length === 0) throw err;
    opts.logger?.warn({ err, size: batch.length }, 'projector: batch refused; applying one by one');
  }
  const quarantine = new Set(opts.quarantine ?? []);
  const total: ApplyResult = { checkpoint: 0, applied: 0, skipped: 0, duplicates: 0 };
  for (const entry of [...batch].sort((a, b) => a.seq - b.seq)) {
    let r: ApplyResult;
    try {
      r = await applyBatch(db, [entry], { ...opts, quarantine });
    } catch (err) {
      if (!isDataError(err)) throw err;
      opts.logger?.error({ err, seq: entry.seq }, 'projector: event refused by Postgres; skipped');
      quarantine.add(entry.seq);
      r = await applyBatch(db, [entry], { ...opts, quarantine });
    }
    total.checkpoint = r.checkpoint;
    total.applied += r.applied;
    total.skipped += r.skipped;
    total.duplicates += r.duplicates;
  }
  return total;
}
