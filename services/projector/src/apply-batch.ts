import { sql, type Kysely } from 'kysely';
import { toStorableText } from '@rcpx/contracts';
import { readModels, readModelsCheckpointQuery, type Database } from '@rcpx/db';
import type { ProjectionApplier } from './applier.ts';
import { APPLIERS } from './appliers.ts';
import { decode, type Decoded, type LogEntry, type ProjectedEvent } from './decode.ts';
import { applyLock, CHECKPOINT_CHANNEL } from './locks.ts';

/** Where the projector reports skipped events (a pino logger fits). */
export interface ProjectorLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface ApplyBatchOptions {
  /** Read schema (default `rm`). */
  schema?: string;
  logger?: ProjectorLogger;
  /** `pg_notify('rcpx_checkpoint', seq)` on commit (default true; a rebuild's `_next` does not). */
  notify?: boolean;
  /**
   * Refuse (CheckpointGapError, nothing written) a batch whose first new seq is beyond a
   * projection's checkpoint + 1: the delivery is ahead of the read models (reset under it).
   */
  contiguous?: boolean;
  /** The projections to apply (default: all of them, `APPLIERS`). */
  appliers?: readonly ProjectionApplier[];
}

/** The batch starts after checkpoint + 1: applying it would skip `checkpoint + 1 … first - 1`. */
export class CheckpointGapError extends Error {
  override readonly name = 'CheckpointGapError';
  constructor(
    readonly checkpoint: number,
    readonly first: number,
    readonly projection?: string,
  ) {
    super(
      `batch starts at seq ${first}, beyond checkpoint ${checkpoint} + 1` +
        (projection ? ` of projection ${projection}` : ''),
    );
  }
}

/** A batch checked and decoded, in seq order, ready for `applyPrepared`. */
export interface PreparedBatch {
  readonly entries: readonly { readonly seq: number; readonly result: Decoded }[];
}

export interface ApplyResult {
  /** The checkpoint after the batch (of all projections: the minimum). */
  checkpoint: number;
  /** Events applied (beyond the checkpoint and valid; the most any projection applied). */
  applied: number;
  /** Events beyond the checkpoint that were skipped (invalid). */
  skipped: number;
  /** Events at or below the checkpoint (redeliveries), ignored (the fewest of any projection). */
  duplicates: number;
}

/** One projection's result, with the events it skipped and why. */
export interface ProjectionResult extends ApplyResult {
  projection: string;
  skips: { seq: number; reason: string }[];
}

/** Applies a prepared batch to one projection (`applyProjection` or its safe form). */
export type ApplyOne = (
  db: Kysely<Database>,
  applier: ProjectionApplier,
  prepared: PreparedBatch,
  opts: ApplyBatchOptions,
) => Promise<ProjectionResult>;

const silent: ProjectorLogger = { info() {}, warn() {}, error() {} };

/** Decoded entries between two yields to the event loop (~1 ms of work). */
const DECODE_SLICE = 100;
const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Decodes and checks a batch (pure CPU work, outside any transaction). Yields to the event loop
 * every few entries: the transactions running meanwhile get their next statements sent.
 */
export async function prepareBatch(batch: readonly LogEntry[]): Promise<PreparedBatch> {
  const entries: { seq: number; result: Decoded }[] = [];
  for (let i = 0; i < batch.length; i++) {
    if (i > 0 && i % DECODE_SLICE === 0) await yieldToIo();
    const entry = batch[i]!;
    entries.push({ seq: entry.seq, result: decode(entry) });
  }
  entries.sort((a, b) => a.seq - b.seq);
  return { entries };
}

async function lockCheckpoint(trx: Kysely<Database>, schema: string, name: string) {
  const rm = readModels(trx, schema);
  const select = () =>
    rm
      .selectFrom('checkpoint')
      .select('seq')
      .where('name', '=', name)
      .forUpdate()
      .executeTakeFirst();
  let row = await select();
  if (!row) {
    // migrations create every projection's row; this one was deleted by hand: from 0
    await rm
      .insertInto('checkpoint')
      .values({ name, seq: 0 })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    row = await select();
  }
  return Number(row?.seq ?? 0);
}

/**
 * Applies a prepared batch to ONE projection in its own transaction: takes the apply lock
 * (shared: the other projections run side by side; a rebuild's swap waits), locks the
 * projection's checkpoint row, drops seq ≤ checkpoint (redeliveries: applied once), writes what
 * the events change, sets the checkpoint to the batch's last seq and notifies `rcpx_checkpoint`
 * on commit. Events that failed their checks are skipped (recorded in `skipped_events`, same
 * transaction); the checkpoint still moves past them.
 */
export async function applyProjection(
  db: Kysely<Database>,
  applier: ProjectionApplier,
  prepared: PreparedBatch,
  opts: ApplyBatchOptions = {},
): Promise<ProjectionResult> {
  const schema = opts.schema ?? 'rm';
  const name = applier.name;
  return db.transaction().execute(async (trx) => {
    // before touching a table: a rebuild holding this lock is about to swap the schema
    await sql`select pg_advisory_xact_lock_shared(${applyLock(schema)})`.execute(trx);
    const checkpoint = await lockCheckpoint(trx, schema, name);
    const first = prepared.entries.find((e) => e.seq > checkpoint)?.seq;
    if (opts.contiguous && first !== undefined && first > checkpoint + 1) {
      throw new CheckpointGapError(checkpoint, first, name);
    }
    let last = checkpoint;
    let duplicates = 0;
    const skips: ProjectionResult['skips'] = [];
    const events: ProjectedEvent[] = [];
    for (const { seq, result } of prepared.entries) {
      if (seq <= last) {
        duplicates++;
        continue;
      }
      last = seq;
      if (result.ok) events.push(result.event);
      else skips.push({ seq, reason: result.reason });
    }
    const skipped = skips.length;
    if (last === checkpoint) {
      return { projection: name, checkpoint, applied: 0, skipped, duplicates, skips };
    }
    if (events.length > 0) await applier.apply(trx, schema, events);
    if (skips.length > 0) {
      // the admin's list of what was not applied (`<rm>.skipped_events`), committed with it
      await readModels(trx, schema)
        .insertInto('skipped_events')
        .values(
          skips.map((k) => ({
            seq: k.seq,
            projection: name,
            reason: toStorableText(k.reason.slice(0, 2000)),
          })),
        )
        .onConflict((oc) => oc.columns(['seq', 'projection']).doNothing())
        .execute();
    }

    const update = readModels(trx, schema)
      .updateTable('checkpoint')
      .set({ seq: last })
      .where('name', '=', name);
    if (opts.notify === false) await update.execute();
    else {
      // a lower bound of the read models' checkpoint: the others' rows as committed so far
      const others = readModelsCheckpointQuery(trx, schema).where('name', '<>', name);
      await sql`with u as (${update.returning('seq')})
        select pg_notify(${CHECKPOINT_CHANNEL}, least((${others}), u.seq)::text) from u`.execute(
        trx,
      );
    }
    return {
      projection: name,
      checkpoint: last,
      applied: events.length,
      skipped,
      duplicates,
      skips,
    };
  });
}

/**
 * Applies a prepared batch to every projection, each in its own transaction on its own pooled
 * connection, concurrently (`applyOne` per projection). Waits for all of them; then throws the
 * first failure (what committed stays: a retry skips it there) or returns the combined result.
 * Events skipped because they are invalid are logged once.
 */
export async function applyEvery(
  db: Kysely<Database>,
  prepared: PreparedBatch,
  opts: ApplyBatchOptions,
  applyOne: ApplyOne,
): Promise<ApplyResult> {
  const appliers = opts.appliers ?? APPLIERS;
  const settled = await Promise.allSettled(appliers.map((a) => applyOne(db, a, prepared, opts)));
  const results: ProjectionResult[] = [];
  for (const s of settled) {
    if (s.status === 'rejected') throw s.reason;
    results.push(s.value);
  }
  const log = opts.logger ?? silent;
  const reported = new Map<number, string>();
  for (const r of results) for (const s of r.skips) reported.set(s.seq, s.reason);
  for (const [seq, reason] of reported) {
    log.warn({ seq, reason, schema: opts.schema ?? 'rm' }, 'projector: event skipped');
  }
  if (results.length === 0) return { checkpoint: 0, applied: 0, skipped: 0, duplicates: 0 };
  return {
    checkpoint: Math.min(...results.map((r) => r.checkpoint)),
    applied: Math.max(0, ...results.map((r) => r.applied)),
    skipped: Math.max(0, ...results.map((r) => r.skipped)),
    duplicates: Math.min(...results.map((r) => r.duplicates)),
  };
}

/**
 * Applies a prepared batch to the read models of `schema`: every projection in its own
 * transaction, concurrently (see `applyProjection`). Postgres refusing an event's data fails
 * the batch (`applyPreparedSafely` goes on without it).
 */
export function applyPrepared(
  db: Kysely<Database>,
  prepared: PreparedBatch,
  opts: ApplyBatchOptions = {},
): Promise<ApplyResult> {
  return applyEvery(db, prepared, opts, applyProjection);
}

/** `applyPrepared(db, await prepareBatch(batch), opts)`: one batch of the log. */
export async function applyBatch(
  db: Kysely<Database>,
  batch: readonly LogEntry[],
  opts: ApplyBatchOptions = {},
): Promise<ApplyResult> {
  return applyPrepared(db, await prepareBatch(batch), opts);
}
