import { sql, type Kysely, type RawBuilder } from 'kysely';
import { toStorableText } from '@rcpx/contracts';
import { notifyCheckpointStatement, readModels, runTransaction, type Database } from '@rcpx/db';
import { eventsFor, type ProjectionApplier } from './applier.ts';
import { APPLIERS } from './appliers.ts';
import { DEFAULT_LANES, lanesOf } from './lanes.ts';
import { decode, type Decoded, type LogEntry, type ProjectedEvent } from './decode.ts';
import { applyLock } from './locks.ts';

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
  /** Each lane notifies the checkpoint after its commit (default true; a rebuild's `_next` not). */
  notify?: boolean;
  /**
   * Refuse (CheckpointGapError, nothing written) a batch whose first new seq is beyond a
   * projection's checkpoint + 1: the delivery is ahead of the read models (reset under it).
   */
  contiguous?: boolean;
  /** The projections to apply (default: all of them, `APPLIERS`). */
  appliers?: readonly ProjectionApplier[];
  /** Transactions side by side at most (default 3; 1: every projection in one transaction). */
  lanes?: number;
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

/** What one projection makes of a batch beyond its checkpoint (see `planOf`). */
export interface ProjectionPlan {
  readonly applier: ProjectionApplier;
  readonly checkpoint: number;
  /** Its checkpoint after the batch. */
  readonly last: number;
  /** The valid events beyond its checkpoint (a runner may skip some: see `skips`). */
  readonly events: ProjectedEvent[];
  /** Events it skips and why (invalid; or refused by Postgres, added by a runner). */
  readonly skips: { seq: number; reason: string }[];
  readonly duplicates: number;
}

/**
 * Runs `plan.applier.apply(trx, schema, events)` (`events`: the plan's of its types, never
 * none); a runner may catch what Postgres refuses and move events to `plan.skips`.
 */
export type ApplierRunner = (
  trx: Kysely<Database>,
  plan: ProjectionPlan,
  events: readonly ProjectedEvent[],
  opts: ApplyBatchOptions,
) => Promise<void>;

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

/**
 * What a lane's transaction runs with BEGIN, in one round trip: the apply lock (shared; before
 * touching a table: a rebuild holding it is about to swap the schema) with `synchronous_commit`
 * off, then its checkpoint rows locked (`select … for update`: the last statement's rows).
 *
 * The commit need not wait for its WAL flush: the read models and their checkpoint are derived
 * from the log and commit together, so a Postgres crash that loses the last commits loses both,
 * and they are projected again from the log (exactly once in effect).
 */
function laneBegin(schema: string, names: readonly string[]): RawBuilder<unknown>[] {
  return [
    sql`select pg_advisory_xact_lock_shared(${applyLock(schema)}),
      set_config('synchronous_commit', 'off', true)`,
    lockRows(schema, names),
  ];
}

interface CheckpointRow {
  name: string;
  seq: number;
}

const lockRows = (schema: string, names: readonly string[]) =>
  sql<CheckpointRow>`select name, seq from ${sql.table(`${schema}.checkpoint`)}
    where name in (${sql.join(names.map((n) => sql.lit(n)))}) order by name for update`;

/** The locked checkpoint rows of `names`; rows deleted by hand are created at 0 (and locked). */
async function checkpointsOf(
  conn: Kysely<Database>,
  schema: string,
  names: readonly string[],
  locked: readonly CheckpointRow[],
): Promise<Map<string, number>> {
  let rows = locked;
  if (rows.length < names.length) {
    // migrations create every projection's row; one was deleted by hand: from 0
    await readModels(conn, schema)
      .insertInto('checkpoint')
      .values(names.map((name) => ({ name, seq: 0 })))
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    rows = (await lockRows(schema, names).execute(conn)).rows;
  }
  return new Map(rows.map((r) => [r.name, Number(r.seq)]));
}

/** A projection's share of a batch: seq ≤ checkpoint are redeliveries; invalid ones skipped. */
function planOf(
  applier: ProjectionApplier,
  checkpoint: number,
  prepared: PreparedBatch,
): ProjectionPlan {
  let last = checkpoint;
  let duplicates = 0;
  const skips: ProjectionPlan['skips'] = [];
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
  return { applier, checkpoint, last, events, skips, duplicates };
}

/** `plan.applier.apply`, as it is: what Postgres refuses fails the batch. */
export const runApplier: ApplierRunner = (trx, plan, events, opts) =>
  plan.applier.apply(trx, opts.schema ?? 'rm', events);

/**
 * Applies a prepared batch to every projection (`opts.appliers`), in at most `opts.lanes`
 * transactions side by side (`lanesOf`: the busiest projections each alone, the rest together),
 * each on its own connection. Each transaction takes the apply lock (shared; a rebuild's swap
 * takes it exclusively), locks its projections' checkpoint rows, drops what each has (seq ≤ its
 * checkpoint: redeliveries, applied once), runs each projection that reads a type of the batch
 * (`run`; the others cost no statement), records the skipped events (`skipped_events`) and moves
 * its rows to the batch's last seq: a projection's tables and its checkpoint commit together.
 * Each lane that moved notifies `rcpx_checkpoint` with the read models' checkpoint right after
 * its COMMIT, in the same round trip: the lane whose commit is seen last announces what every
 * lane left (the others' notices may announce less). A transaction that fails leaves its
 * projections where they were (the others have committed; the retry skips what they have) and
 * its error is thrown.
 */
export async function applyWith(
  db: Kysely<Database>,
  prepared: PreparedBatch,
  opts: ApplyBatchOptions,
  run: ApplierRunner,
): Promise<ApplyResult> {
  const appliers = opts.appliers ?? APPLIERS;
  if (appliers.length === 0) return { checkpoint: 0, applied: 0, skipped: 0, duplicates: 0 };
  // the events each projection reads (its types), found once for the lanes and their plans
  const valid = prepared.entries.flatMap(({ result }) => (result.ok ? [result.event] : []));
  const relevant = new Map(appliers.map((a) => [a, eventsFor(a, valid)] as const));
  const lanes = lanesOf(appliers, relevant, opts.lanes ?? DEFAULT_LANES);
  const settled = await Promise.allSettled(
    lanes.map((lane) => applyLane(db, prepared, lane, relevant, opts, run)),
  );
  const plans = settled.flatMap((s) => (s.status === 'fulfilled' ? s.value : []));
  logSkips(plans, opts);
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed) throw failed.reason;
  return {
    checkpoint: Math.min(...plans.map((p) => p.last)),
    applied: Math.max(...plans.map((p) => p.events.length)),
    skipped: Math.max(...plans.map((p) => p.skips.length)),
    duplicates: Math.min(...plans.map((p) => p.duplicates)),
  };
}

/**
 * One transaction of `applyWith`: `appliers` and their checkpoint rows, begun and committed in
 * one round trip each (`runTransaction`); the commit's round trip ends with the notice. A notice
 * sent inside the transaction could miss a lane committing at the same time; one sent after
 * every lane settled costs a round trip more on the way to the `minSeq` readers.
 */
async function applyLane(
  db: Kysely<Database>,
  prepared: PreparedBatch,
  appliers: readonly ProjectionApplier[],
  relevant: ReadonlyMap<ProjectionApplier, readonly ProjectedEvent[]>,
  opts: ApplyBatchOptions,
  run: ApplierRunner,
): Promise<ProjectionPlan[]> {
  const schema = opts.schema ?? 'rm';
  const names = appliers.map((a) => a.name);
  return runTransaction<CheckpointRow, ProjectionPlan[]>(
    db,
    laneBegin(schema, names),
    async (conn, locked) => {
      const checkpoints = await checkpointsOf(conn, schema, names, locked);
      const plans = appliers.map((a) => planOf(a, checkpoints.get(a.name) ?? 0, prepared));
      if (opts.contiguous) {
        for (const p of plans) {
          const first = prepared.entries.find((e) => e.seq > p.checkpoint)?.seq;
          if (first !== undefined && first > p.checkpoint + 1) {
            throw new CheckpointGapError(p.checkpoint, first, p.applier.name);
          }
        }
      }
      const last = Math.max(...plans.map((p) => p.last));
      if (plans.every((p) => p.last === p.checkpoint)) return { value: plans }; // nothing new

      // one after the other on this transaction's connection (savepoints would race otherwise)
      for (const plan of plans) {
        const events = (relevant.get(plan.applier) ?? []).filter((e) => e.seq > plan.checkpoint);
        if (events.length > 0) await run(conn, plan, events, opts);
      }
      await recordSkips(conn, schema, plans);
      return {
        value: plans,
        // every row to the batch's last seq (each plan's `last` is it, or its checkpoint)
        beforeCommit: [
          sql`update ${sql.table(`${schema}.checkpoint`)}
              set seq = greatest(seq, ${sql.lit(last)})
              where name in (${sql.join(names.map((n) => sql.lit(n)))})`,
        ],
        // read after this commit: the last lane's to be seen finds every lane's rows moved
        afterCommit: opts.notify !== false ? [notifyCheckpointStatement(db, schema)] : [],
      };
    },
  );
}

/** The admin's list of what was not applied (`<rm>.skipped_events`), committed with it. */
async function recordSkips(
  conn: Kysely<Database>,
  schema: string,
  plans: readonly ProjectionPlan[],
): Promise<void> {
  const skips = plans.flatMap((p) =>
    p.skips.map((k) => ({
      seq: k.seq,
      projection: p.applier.name,
      reason: toStorableText(k.reason.slice(0, 2000)),
    })),
  );
  if (skips.length === 0) return;
  await readModels(conn, schema)
    .insertInto('skipped_events')
    .values(skips)
    .onConflict((oc) => oc.columns(['seq', 'projection']).doNothing())
    .execute();
}

/** Events skipped by any projection, logged once each. */
function logSkips(plans: readonly ProjectionPlan[], opts: ApplyBatchOptions): void {
  const log = opts.logger ?? silent;
  const reported = new Map<number, string>();
  for (const p of plans) for (const k of p.skips) reported.set(k.seq, k.reason);
  for (const [seq, reason] of reported) {
    log.warn({ seq, reason, schema: opts.schema ?? 'rm' }, 'projector: event skipped');
  }
}

/**
 * Applies a prepared batch to the read models of `schema`, every projection in one transaction
 * (see `applyWith`). Postgres refusing an event's data fails the batch (`applyPreparedSafely`
 * goes on without it).
 */
export function applyPrepared(
  db: Kysely<Database>,
  prepared: PreparedBatch,
  opts: ApplyBatchOptions = {},
): Promise<ApplyResult> {
  return applyWith(db, prepared, opts, runApplier);
}

/** `applyPrepared(db, await prepareBatch(batch), opts)`: one batch of the log. */
export async function applyBatch(
  db: Kysely<Database>,
  batch: readonly LogEntry[],
  opts: ApplyBatchOptions = {},
): Promise<ApplyResult> {
  return applyPrepared(db, await prepareBatch(batch), opts);
}
