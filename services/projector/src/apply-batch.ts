import { sql, type Kysely } from 'kysely';
import { readModels, type Database } from '@rcpx/db';
import { decode, type Decoded, type LogEntry, type ProjectedEvent } from './decode.ts';
import { applyLock, CHECKPOINT_CHANNEL, CHECKPOINT_NAME } from './locks.ts';
import { fold } from './projection.ts';
import { addDelta, countedOf, toCells } from './projections/counts/evolve.ts';
import { countsProjection } from './projections/counts/projection.ts';
import type { CountedItem } from './projections/counts/types.ts';
import { writeCounts } from './projections/counts/writer.ts';
import { eventsProjection } from './projections/events/projection.ts';
import type { EventRecord } from './projections/events/types.ts';
import { writeEvents } from './projections/events/writer.ts';
import { versionOf } from './projections/items/evolve.ts';
import { itemsProjection } from './projections/items/projection.ts';
import type { ItemState, ItemVersion } from './projections/items/types.ts';
import { loadItems, writeItems } from './projections/items/writer.ts';

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
   * Refuse (CheckpointGapError, nothing written) a batch whose first new seq is beyond
   * checkpoint + 1: the delivery is ahead of the read models (they were reset under it).
   */
  contiguous?: boolean;
}

/** The batch starts after checkpoint + 1: applying it would skip `checkpoint + 1 … first - 1`. */
export class CheckpointGapError extends Error {
  override readonly name = 'CheckpointGapError';
  constructor(
    readonly checkpoint: number,
    readonly first: number,
  ) {
    super(`batch starts at seq ${first}, beyond checkpoint ${checkpoint} + 1`);
  }
}

/** A batch checked and decoded, in seq order, ready for `applyPrepared`. */
export interface PreparedBatch {
  readonly entries: readonly { readonly seq: number; readonly result: Decoded }[];
}

export interface ApplyResult {
  /** The checkpoint after the batch. */
  checkpoint: number;
  /** Events applied (beyond the checkpoint and valid). */
  applied: number;
  /** Events beyond the checkpoint that were skipped (invalid). */
  skipped: number;
  /** Events at or below the checkpoint (redeliveries), ignored. */
  duplicates: number;
}

const silent: ProjectorLogger = { info() {}, warn() {}, error() {} };

async function lockCheckpoint(trx: Kysely<Database>, schema: string): Promise<number> {
  const rm = readModels(trx, schema);
  const select = () =>
    rm
      .selectFrom('checkpoint')
      .select('seq')
      .where('name', '=', CHECKPOINT_NAME)
      .forUpdate()
      .executeTakeFirst();
  let row = await select();
  if (!row) {
    await rm
      .insertInto('checkpoint')
      .values({ name: CHECKPOINT_NAME, seq: 0 })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    row = await select();
  }
  return Number(row?.seq ?? 0);
}

/** The changes `events` make, computed in memory from the states loaded from `schema`. */
async function changesOf(trx: Kysely<Database>, schema: string, events: ProjectedEvent[]) {
  const ids = new Set<string>();
  for (const e of events) if (e.known) ids.add(e.itemId);
  const loaded = await loadItems(trx, schema, [...ids]);

  const items = fold(itemsProjection, loaded, events);
  const versions: ItemVersion[] = [];
  for (const e of events) {
    const v = versionOf(e);
    if (v) versions.push(v);
  }

  const counted = new Map<string, CountedItem>();
  for (const [id, item] of loaded) counted.set(id, countedOf(item));
  const deltas = new Map<string, number>();
  for (const [id, after] of fold(countsProjection, counted, events)) {
    addDelta(deltas, counted.get(id), after);
  }

  const mirror = fold(eventsProjection, new Map(), events);
  const inserts: ItemState[] = [];
  const updates: ItemState[] = [];
  for (const [id, state] of items) {
    if (state) (loaded.has(id) ? updates : inserts).push(state);
  }
  return {
    items: { inserts, updates, versions },
    cells: toCells(deltas),
    records: [...mirror.values()].filter((r): r is EventRecord => r !== undefined),
  };
}

/** Decodes and checks a batch (pure CPU work, outside any transaction). */
export function prepareBatch(batch: readonly LogEntry[]): PreparedBatch {
  const entries = batch.map((entry) => ({ seq: entry.seq, result: decode(entry) }));
  entries.sort((a, b) => a.seq - b.seq);
  return { entries };
}

/**
 * Applies a prepared batch to the read models of `schema` in ONE transaction: locks the
 * checkpoint row, drops seq ≤ checkpoint (redeliveries: applied once), loads the affected items
 * in one query, folds the events through every projection, writes with multi-row statements,
 * sets the checkpoint to the batch's last seq and notifies `rcpx_checkpoint` on commit. Events
 * that failed their checks are logged and skipped; the checkpoint still moves past them.
 */
export async function applyPrepared(
  db: Kysely<Database>,
  prepared: PreparedBatch,
  opts: ApplyBatchOptions = {},
): Promise<ApplyResult> {
  const schema = opts.schema ?? 'rm';
  const log = opts.logger ?? silent;
  return db.transaction().execute(async (trx) => {
    // before touching a table: a rebuild holding this lock is about to swap the schema
    await sql`select pg_advisory_xact_lock(${applyLock(schema)})`.execute(trx);
    const checkpoint = await lockCheckpoint(trx, schema);
    const first = prepared.entries.find((e) => e.seq > checkpoint)?.seq;
    if (opts.contiguous && first !== undefined && first > checkpoint + 1) {
      throw new CheckpointGapError(checkpoint, first);
    }
    let last = checkpoint;
    let duplicates = 0;
    let skipped = 0;
    const events: ProjectedEvent[] = [];
    for (const { seq, result } of prepared.entries) {
      if (seq <= last) {
        duplicates++;
        continue;
      }
      last = seq;
      if (result.ok) events.push(result.event);
      else {
        skipped++;
        log.warn({ seq, reason: result.reason, schema }, 'projector: event skipped');
      }
    }
    if (last === checkpoint) return { checkpoint, applied: 0, skipped: 0, duplicates };

    const { items, cells, records } = await changesOf(trx, schema, events);
    // queued together: each statement is built while Postgres runs the ones before it
    await Promise.all([
      writeItems(trx, schema, items),
      writeEvents(trx, schema, records),
      writeCounts(trx, schema, cells),
    ]);

    const update = readModels(trx, schema)
      .updateTable('checkpoint')
      .set({ seq: last })
      .where('name', '=', CHECKPOINT_NAME);
    if (opts.notify === false) await update.execute();
    else {
      await sql`with u as (${update.returning('seq')})
        select pg_notify(${CHECKPOINT_CHANNEL}, u.seq::text) from u`.execute(trx);
    }
    return { checkpoint: last, applied: events.length, skipped, duplicates };
  });
}

/** `applyPrepared(db, prepareBatch(batch), opts)`: one batch of the log, in one transaction. */
export function applyBatch(
  db: Kysely<Database>,
  batch: readonly LogEntry[],
  opts: ApplyBatchOptions = {},
): Promise<ApplyResult> {
  return applyPrepared(db, prepareBatch(batch), opts);
}
