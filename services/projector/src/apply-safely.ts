import type { Kysely } from 'kysely';
import { findUnstorableText, toStorableText } from '@rcpx/contracts';
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

type PreparedEntry = PreparedBatch['entries'][number];

/**
 * `entry` with the text Postgres cannot store (a lone UTF-16 surrogate, which jsonb refuses; a
 * NUL) replaced by U+FFFD, or undefined when it has none (or cannot be walked). The log keeps the
 * event as it was; the read models get this copy instead of nothing.
 */
export function storableEntry(entry: PreparedEntry): PreparedEntry | undefined {
  if (!entry.result.ok) return undefined;
  const { json: _json, ...event } = entry.result.event;
  try {
    if (findUnstorableText(event.envelope, Number.MAX_SAFE_INTEGER) === undefined) return undefined;
    const envelope = toStorableText(event.envelope);
    return {
      seq: entry.seq,
      result: {
        ok: true,
        event: {
          ...event,
          envelope,
          data: envelope.data,
          itemId: toStorableText(event.itemId),
          participant: toStorableText(event.participant),
          themes: toStorableText(event.themes),
          visibility: toStorableText(event.visibility),
        },
      },
    };
  } catch {
    return undefined; // nested too deep to rewrite: skipped as refused
  }
}

/**
 * `applyProjection`, and when Postgres refuses the batch because of its data, the same events
 * one by one. An event it refuses on its own for text it cannot store (a lone surrogate) is
 * applied with that text replaced (`storableEntry`, logged); any other is skipped (logged,
 * counted, checkpoint moved past): a bad event in the immutable log must not wedge the
 * projection. Other errors (Postgres down…) are thrown.
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
      const repaired = await applyStorable(db, applier, entry, opts, reason);
      if (repaired) {
        r = repaired;
      } else {
        r = await applyProjection(
          db,
          applier,
          { entries: [{ seq: entry.seq, result: { ok: false, reason } }] },
          opts,
        );
      }
    }
    total.checkpoint = r.checkpoint;
    total.applied += r.applied;
    total.skipped += r.skipped;
    total.duplicates += r.duplicates;
    total.skips.push(...r.skips);
  }
  return total;
}

// The event again with its unstorable text replaced, when that is why Postgres refused it.
async function applyStorable(
  db: Kysely<Database>,
  applier: ProjectionApplier,
  entry: PreparedEntry,
  opts: ApplyBatchOptions,
  reason: string,
): Promise<ProjectionResult | undefined> {
  const storable = storableEntry(entry);
  if (!storable) return undefined;
  try {
    const r = await applyProjection(db, applier, { entries: [storable] }, opts);
    opts.logger?.warn(
      { seq: entry.seq, projection: applier.name, reason, schema: opts.schema ?? 'rm' },
      'projector: event has text Postgres cannot store; projected with U+FFFD in its place',
    );
    return r;
  } catch (err) {
    if (!isDataError(err)) throw err;
    return undefined;
  }
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
