import type { Kysely } from 'kysely';
import { connectBus, ensureStream, type Bus } from '@rcpx/bus';
import { createDb, migrateCore, migrateReadModels, type Database } from '@rcpx/db';
import { busConfigOf, type BaseConfig } from '@rcpx/service-kit';

/** Postgres (migrated: core + read models) and NATS (stream ensured) for one process. */
export async function connectAll(
  config: Pick<
    BaseConfig,
    | 'DATABASE_URL'
    | 'NATS_URL'
    | 'RCPX_STREAM'
    | 'RCPX_SUBJECT_PREFIX'
    | 'RCPX_STREAM_REPLICAS'
    | 'RCPX_READ_SCHEMA'
  >,
  name: string,
  onDbError: (err: Error) => void = () => {},
): Promise<{ db: Kysely<Database>; bus: Bus }> {
  const db = createDb(config.DATABASE_URL, { onError: onDbError });
  try {
    await migrateCore(db);
    await migrateReadModels(db, config.RCPX_READ_SCHEMA);
    const bus = await connectBus(busConfigOf(config, name));
    await ensureStream(bus);
    return { db, bus };
  } catch (err) {
    await db.destroy();
    throw err;
  }
}
