import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import { connectBus, ensureStream, type Bus } from '@rcpx/bus';
import { createDb, migrateCore, migrateReadModels, type Database } from '@rcpx/db';
import { busConfigOf } from './bus-config.ts';
import type { BaseConfig } from './config.ts';

type DbConfig = Pick<BaseConfig, 'DATABASE_URL' | 'RCPX_READ_SCHEMA'>;
type BusConfigInput = Parameters<typeof busConfigOf>[0];

/**
 * How long a starting service waits for the log's stream while NATS or JetStream does not
 * answer (a fresh cluster placing an R3 stream as replicas boot at once can take longer than one
 * JetStream API timeout) before it gives up.
 */
export const STREAM_STARTUP_PATIENCE_MS = 30_000;

/** Pool settings of a service (default 10 connections). */
export interface PoolOptions {
  max?: number;
}

/** A service's Postgres: the pool, migrated (core tables and the read models). */
export async function openDb(
  config: DbConfig,
  logger: FastifyBaseLogger,
  pool: PoolOptions = {},
): Promise<Kysely<Database>> {
  const db = createDb(config.DATABASE_URL, {
    ...pool,
    onError: (err) => logger.warn({ err }, 'Postgres client error'),
  });
  try {
    await migrateCore(db);
    await migrateReadModels(db, config.RCPX_READ_SCHEMA);
    return db;
  } catch (err) {
    await db.destroy();
    throw err;
  }
}

/** `openDb`, plus NATS with the stream ensured; `name` is shown by the NATS server. */
export async function openDbAndBus(
  config: DbConfig & BusConfigInput,
  logger: FastifyBaseLogger,
  name: string,
  pool: PoolOptions = {},
): Promise<{ db: Kysely<Database>; bus: Bus }> {
  const db = await openDb(config, logger, pool);
  try {
    const bus = await connectBus(busConfigOf(config, name));
    try {
      await ensureStream(bus, { patienceMs: STREAM_STARTUP_PATIENCE_MS });
      return { db, bus };
    } catch (err) {
      await bus.close();
      throw err;
    }
  } catch (err) {
    await db.destroy();
    throw err;
  }
}
