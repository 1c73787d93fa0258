import type { Kysely } from 'kysely';
import { connectBus, ensureStream } from '@rcpx/bus';
import type { Bus } from '@rcpx/bus';
import {
  createDb,
  generateToken,
  hashToken,
  insertToken,
  migrateCore,
  migrateReadModels,
} from '@rcpx/db';
import type { Database } from '@rcpx/db';
import { createTestEnv } from './test-env.ts';
import type { TeardownHost, TestEnv } from './test-env.ts';

export interface TestDbOptions {
  /** Also migrate the read models: into `rm` (`true`) or into the schema named. */
  readModels?: boolean | string;
  /** Options of the test's own pool. */
  db?: Parameters<typeof createDb>[1];
}

export interface TestDepsOptions extends TestDbOptions {
  /** Connect through this NATS URL instead of the environment's (a server of the test's own). */
  natsUrl?: string;
  /** The NATS connection name. */
  name?: string;
}

export interface TestDb {
  env: TestEnv;
  db: Kysely<Database>;
}

export interface TestDeps extends TestDb {
  bus: Bus;
  /** A pool and a connection of their own for an app (an app closes what it is given). */
  appDeps(): Promise<{ db: Kysely<Database>; bus: Bus }>;
}

/** A fresh database (core migrated, read models if asked) for one test; its pool closes at teardown. */
export async function openTestDb(t: TeardownHost, opts: TestDbOptions = {}): Promise<TestDb> {
  const env = await createTestEnv(t);
  const db = createDb(env.databaseUrl, opts.db);
  t.teardown(() => db.destroy());
  await migrateCore(db);
  if (opts.readModels) {
    await migrateReadModels(db, typeof opts.readModels === 'string' ? opts.readModels : 'rm');
  }
  return { env, db };
}

/**
 * `openTestDb` plus a bus connected to the environment's fresh stream (created). At teardown the
 * bus closes, then the pool, then the database and stream are removed; an app given `db`/`bus`
 * may close them first (closing again is a no-op).
 */
export async function openTestDeps(t: TeardownHost, opts: TestDepsOptions = {}): Promise<TestDeps> {
  const { env, db } = await openTestDb(t, opts);
  const connect = () =>
    connectBus({
      url: opts.natsUrl ?? env.natsUrl,
      stream: env.stream,
      subjectPrefix: env.subjectPrefix,
      name: opts.name,
    });
  const bus = await connect();
  t.teardown(() => bus.close());
  await ensureStream(bus);
  const appDeps = async () => ({ db: createDb(env.databaseUrl, opts.db), bus: await connect() });
  return { env, db, bus, appDeps };
}

/** A new token of `participant` (role reader unless said otherwise), stored in `db`. */
export async function mintToken(
  db: Kysely<Database>,
  participant: string,
  role: 'reader' | 'publisher' = 'reader',
): Promise<{ token: string; id: string }> {
  const token = generateToken();
  const row = await insertToken(db, { participant, role, hash: hashToken(token) });
  return { token, id: row.id };
}

/** The variables that point a spawned service at `env`'s database and stream. */
export function serviceEnv(env: TestEnv): Record<string, string> {
  return {
    DATABASE_URL: env.databaseUrl,
    NATS_URL: env.natsUrl,
    RCPX_STREAM: env.stream,
    RCPX_SUBJECT_PREFIX: env.subjectPrefix,
  };
}
