import { sql, type Kysely } from 'kysely';
import { lastSeq, type Bus } from '@rcpx/bus';
import { migrateReadModels, notifyCheckpoint, type Database } from '@rcpx/db';
import { processRange } from '@rcpx/processor';
import type { ProjectorLogger } from './apply-batch.ts';
import { applyLock, rebuildLock } from './locks.ts';
import { readModelsHandler } from './read-models-handler.ts';

export interface RebuildOptions {
  db: Kysely<Database>;
  bus: Bus;
  /** The read schema to rebuild (default `rm`); built in `<schema>_next`, then swapped in. */
  schema?: string;
  logger?: ProjectorLogger;
  /** Events per batch (default 5000): every projection applies it with its checkpoint. */
  batchSize?: number;
  signal?: AbortSignal;
}

export interface RebuildResult {
  /** The checkpoint of the new read models. */
  checkpoint: number;
  /** Events replayed. */
  events: number;
}

const noop: ProjectorLogger = { info() {}, warn() {}, error() {} };

async function schemaExists(db: Kysely<Database>, schema: string): Promise<boolean> {
  const { rows } = await sql`select 1 from pg_namespace where nspname = ${schema}`.execute(db);
  return rows.length > 0;
}

/**
 * Rebuilds the read models of `schema` from the whole log: migrates a fresh `<schema>_next`,
 * replays the log into it up to the stream's last seq, then takes the projector's apply lock
 * exclusively (the live projections pause between batches), catches up the rest and in ONE
 * transaction renames `schema` → `<schema>_old`, `<schema>_next` → `schema` and drops
 * `<schema>_old`. Readers see the old models or the new ones, never a partial one. One rebuild
 * per schema at a time (a second one fails fast).
 */
export async function rebuildReadModels(opts: RebuildOptions): Promise<RebuildResult> {
  const { db, bus } = opts;
  const schema = opts.schema ?? 'rm';
  const next = `${schema}_next`;
  const old = `${schema}_old`;
  const logger = opts.logger ?? noop;
  // the catch-up: the read models' handler over `next`, without notices (nobody reads it yet)
  const handler = readModelsHandler({ db, bus, schema: next, logger, live: false });
  const copy = (untilSeq: number) =>
    processRange(bus, handler, {
      untilSeq,
      batchSize: opts.batchSize ?? 5000,
      logger,
      signal: opts.signal,
    });

  return db.connection().execute(async (session) => {
    const { rows } = await sql<{
      ok: boolean;
    }>`select pg_try_advisory_lock(${rebuildLock(schema)}) as ok`.execute(session);
    if (!rows[0]?.ok) throw new Error(`a rebuild of schema "${schema}" is already running`);
    try {
      await sql`drop schema if exists ${sql.id(next)} cascade`.execute(db);
      await migrateReadModels(db, next); // every projection's checkpoint row, at 0
      const target = await lastSeq(bus);
      logger.info({ schema: next, target }, 'rebuild: replaying the log');
      const first = await copy(target);

      let at = 0;
      let events = 0;
      await sql`select pg_advisory_lock(${applyLock(schema)})`.execute(session);
      try {
        const rest = await copy(await lastSeq(bus));
        events = first.count + rest.count;
        at = await handler.checkpoint();
        const replace = await schemaExists(db, schema);
        await db.transaction().execute(async (trx) => {
          await sql`drop schema if exists ${sql.id(old)} cascade`.execute(trx);
          if (replace)
            await sql`alter schema ${sql.id(schema)} rename to ${sql.id(old)}`.execute(trx);
          await sql`alter schema ${sql.id(next)} rename to ${sql.id(schema)}`.execute(trx);
          if (replace) await sql`drop schema ${sql.id(old)} cascade`.execute(trx);
          await notifyCheckpoint(trx, schema);
        });
      } finally {
        await sql`select pg_advisory_unlock(${applyLock(schema)})`.execute(session).catch(() => {});
      }
      logger.info({ schema, checkpoint: at }, 'rebuild: swapped in');
      return { checkpoint: at, events };
    } finally {
      await sql`select pg_advisory_unlock(${rebuildLock(schema)})`.execute(session).catch(() => {});
    }
  });
}
