import { sql, type Kysely } from 'kysely';
import { JetStreamApiCodes, JetStreamApiError } from '@nats-io/jetstream';
import { backoffMs, consumeBatches, readBySeq, resetDurable, sleep, type Bus } from '@rcpx/bus';
import { migrateReadModels, type Database } from '@rcpx/db';
import {
  CheckpointGapError,
  prepareBatch,
  type ApplyResult,
  type PreparedBatch,
  type ProjectorLogger,
} from './apply-batch.ts';
import { applyPreparedSafely } from './apply-safely.ts';
import { readCheckpoint } from './checkpoint.ts';
import { leaderLock } from './locks.ts';

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

const STANDBY_RETRY_MS = 1_000;
const HEARTBEAT_MS = 2_000;

const noop: ProjectorLogger = { info() {}, warn() {}, error() {} };

/** The read schema or its tables are gone (dropped by hand): migrate them again. */
function isMissingSchema(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '42P01' || code === '3F000';
}

/**
 * Runs the projector of `schema`: one active instance per schema (a session advisory lock on a
 * dedicated connection; others stay standby and retry every second), consuming the log through
 * one durable consumer from the minimum of the projections' checkpoints + 1, decoding each batch
 * once and applying it to every projection concurrently, each in its own transaction with its
 * own checkpoint. Failures to apply are retried with backoff (a projection that committed skips
 * the batch); nothing is skipped; losing Postgres or NATS needs no restart; read models reset
 * under it (dropped, re-created) are projected again from seq 1.
 */
export function startProjector(opts: StartProjectorOptions): Projector {
  const { db, bus } = opts;
  const schema = opts.schema ?? 'rm';
  const durable = opts.durable ?? 'projector';
  const log = opts.logger ?? noop;
  const stopping = new AbortController();
  let leading = false;

  async function repairSchema(err: unknown): Promise<void> {
    if (!isMissingSchema(err)) return;
    log.warn({ schema }, 'projector: read models missing; migrating them again');
    await migrateReadModels(db, schema).catch((e: unknown) => {
      log.warn({ err: e }, 'projector: migrating the read models failed');
    });
  }

  // Delivery resumes at checkpoint + 1: a durable elsewhere (read models reset or rebuilt, a
  // batch acked before its commit) is moved there. Only "no such consumer" is not an error:
  // starting from a durable ahead of the checkpoint would skip events.
  async function alignDurable(checkpoint: number): Promise<void> {
    const info = await bus.jsm.consumers.info(bus.stream, durable).catch((err: unknown) => {
      if (err instanceof JetStreamApiError && err.code === JetStreamApiCodes.ConsumerNotFound) {
        return null;
      }
      throw err;
    });
    if (info && info.ack_floor.stream_seq !== checkpoint) {
      log.info(
        { durable, ackFloor: info.ack_floor.stream_seq, checkpoint },
        'projector: moving the durable consumer to the checkpoint',
      );
      await resetDurable(bus, durable, checkpoint + 1);
    }
  }

  async function lead(session: Kysely<Database>): Promise<void> {
    const lost = new AbortController();
    const signal = AbortSignal.any([stopping.signal, lost.signal]);
    const heartbeat = setInterval(() => {
      sql`select 1`.execute(session).catch((err: unknown) => {
        log.warn({ err }, 'projector: lock session lost; standing by');
        lost.abort();
      });
    }, HEARTBEAT_MS);

    // Applies one batch, retrying until it commits. A batch beyond checkpoint + 1 means the
    // read models were reset under us: lead again, which moves the durable to the checkpoint.
    const applyWithRetry = async (prepared: PreparedBatch): Promise<void> => {
      let contiguous = true;
      for (let attempt = 0; ; attempt++) {
        try {
          const result = await applyPreparedSafely(db, prepared, {
            schema,
            logger: log,
            contiguous,
          });
          opts.onApplied?.(result);
          return;
        } catch (err) {
          if (signal.aborted) throw err;
          if (err instanceof CheckpointGapError) {
            if (await readBySeq(bus, err.checkpoint + 1)) {
              log.warn({ err }, 'projector: delivery ahead of the read models; realigning');
              lost.abort();
              throw err;
            }
            log.warn({ err }, 'projector: seqs missing from the log; going past them');
            contiguous = false;
            continue;
          }
          log.warn(
            { err, attempt, from: prepared.entries[0]?.seq },
            'projector: applying failed; retrying',
          );
          await repairSchema(err);
          await sleep(backoffMs(attempt, 100, 5_000), signal);
          if (signal.aborted) throw new Error('projector stopped', { cause: err });
        }
      }
    };

    // Two batches in flight: the next one is decoded (and acked) while the previous one's
    // transactions run. The checkpoints, not the ack, are what counts: a durable left ahead of
    // their minimum (crash, failure) is moved back by alignDurable when leading again.
    let inflight: Promise<void> = Promise.resolve();
    try {
      const checkpoint = await readCheckpoint(db, schema);
      await alignDurable(checkpoint);
      log.info({ schema, checkpoint, durable }, 'projector: leading');
      await consumeBatches(bus, {
        durable,
        startSeq: checkpoint + 1,
        maxBatch: opts.maxBatch ?? 5000,
        signal,
        logger: log,
        handler: async (batch) => {
          const prepared = await prepareBatch(batch);
          await inflight;
          inflight = applyWithRetry(prepared);
          inflight.catch(() => lost.abort());
        },
      });
    } finally {
      clearInterval(heartbeat);
      await inflight.catch(() => {});
    }
  }

  async function run(): Promise<void> {
    let announced = false;
    for (let attempt = 0; !stopping.signal.aborted;) {
      try {
        await db.connection().execute(async (session) => {
          const { rows } = await sql<{
            ok: boolean;
          }>`select pg_try_advisory_lock(${leaderLock(schema)}) as ok`.execute(session);
          if (!rows[0]?.ok) {
            if (!announced) log.info({ schema }, 'projector: another instance leads; standby');
            announced = true;
            return;
          }
          leading = true;
          announced = false;
          opts.onRoleChange?.('leader');
          try {
            await lead(session);
          } finally {
            leading = false;
            opts.onRoleChange?.('standby');
            await sql`select pg_advisory_unlock(${leaderLock(schema)})`
              .execute(session)
              .catch(() => {});
          }
        });
        attempt = 0;
      } catch (err) {
        if (stopping.signal.aborted) break;
        log.warn({ err, attempt }, 'projector: cannot lead now; retrying');
        await repairSchema(err);
        await sleep(backoffMs(attempt++, 200, STANDBY_RETRY_MS * 5), stopping.signal);
        continue;
      }
      await sleep(STANDBY_RETRY_MS, stopping.signal);
    }
  }

  const running = run();

  return {
    get leading() {
      return leading;
    },
    async stop() {
      stopping.abort();
      await running;
    },
    async caughtUp(seq, timeoutMs) {
      const deadline = timeoutMs === undefined ? Infinity : Date.now() + timeoutMs;
      for (;;) {
        const at = await readCheckpoint(db, schema).catch(() => -1);
        if (at >= seq) return;
        if (Date.now() >= deadline) {
          throw new Error(`projector: checkpoint ${at} has not reached ${seq} in ${timeoutMs} ms`);
        }
        await sleep(25);
      }
    },
  };
}
