import { sql, type Kysely } from 'kysely';
import { findUnstorableText, toStorableText } from '@rcpx/contracts';
import type { Database } from '@rcpx/db';
import {
  applyPrepared,
  applyWith,
  prepareBatch,
  runApplier,
  type ApplierRunner,
  type ApplyBatchOptions,
  type ApplyResult,
  type PreparedBatch,
} from './apply-batch.ts';
import type { LogEntry, ProjectedEvent } from './decode.ts';

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
 * Runs a projection on a one-event batch under a savepoint. When Postgres refuses the event for
 * that projection, retries it with its unstorable text replaced (`storableEntry`, logged) or
 * skips it for that projection alone (moved to `plan.skips`): the other projections, and the
 * checkpoint, go on.
 */
const runGuarded: ApplierRunner = async (trx, plan, events, opts) => {
  const name = plan.applier.name;
  const attempt = async (batch: readonly ProjectedEvent[]) => {
    await sql`savepoint apply_one`.execute(trx);
    try {
      await runApplier(trx, plan, batch, opts);
      await sql`release savepoint apply_one`.execute(trx);
      return undefined;
    } catch (err) {
      if (!isDataError(err)) throw err;
      await sql`rollback to savepoint apply_one`.execute(trx);
      return err as Error;
    }
  };
  const refused = await attempt(events);
  if (!refused) return;
  const [event] = events;
  if (events.length !== 1 || !event) throw refused; // one event at a time only
  const reason = `refused by Postgres (${name}): ${refused.message}`;
  const storable = storableEntry({ seq: event.seq, result: { ok: true, event } });
  if (storable?.result.ok && !(await attempt([storable.result.event]))) {
    opts.logger?.warn(
      { seq: event.seq, projection: name, reason, schema: opts.schema ?? 'rm' },
      'projector: event has text Postgres cannot store; projected with U+FFFD in its place',
    );
    return;
  }
  plan.events.splice(plan.events.indexOf(event), 1);
  plan.skips.push({ seq: event.seq, reason });
};

/**
 * `applyPrepared`, and when Postgres refuses the batch because of its data, the same events one
 * by one (one transaction each), every projection under a savepoint: an event one projection's
 * tables refuse is applied with the text Postgres cannot store replaced (a lone surrogate), or
 * skipped by that projection alone (logged, counted, checkpoint moved past): a bad event in the
 * immutable log must not wedge the projector. Other errors (Postgres down…) are thrown.
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
    const r = await applyWith(db, { entries: [entry] }, opts, runGuarded);
    total.checkpoint = r.checkpoint;
    total.applied += r.applied;
    total.skipped += r.skipped;
    total.duplicates += r.duplicates;
  }
  return total;
}

/** `applyPreparedSafely(db, await prepareBatch(batch), opts)`. */
export async function applyBatchSafely(
  db: Kysely<Database>,
  batch: readonly LogEntry[],
  opts: ApplyBatchOptions = {},
): Promise<ApplyResult> {
  return applyPreparedSafely(db, await prepareBatch(batch), opts);
}
