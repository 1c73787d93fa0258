import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import { TEST_DATABASE_PREFIX, deleteStream, adminQuery } from './test-env.ts';

/** Test leftovers older than this are dropped (far beyond tap's per-file timeout). */
const MAX_AGE_MS = 60 * 60 * 1000;

/**
 * Drops databases and streams that `createTestEnv` made over an hour ago and never tore down (a
 * test process killed before its teardown). Best effort: errors are ignored.
 */
export async function sweepStaleTestResources(databaseUrl: string, natsUrl: string): Promise<void> {
  const cutoff = Date.now() - MAX_AGE_MS;
  await Promise.allSettled([sweepDatabases(databaseUrl, cutoff), sweepStreams(natsUrl, cutoff)]);
}

async function sweepDatabases(databaseUrl: string, cutoff: number): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 });
  client.on('error', () => {});
  await client.connect();
  let names: string[];
  try {
    const result = await client.query<{ datname: string }>('select datname from pg_database');
    names = result.rows.map((row) => row.datname);
  } finally {
    await client.end().catch(() => {});
  }
  const stale = names.filter((name) => isStaleTestDatabase(name, cutoff));
  for (const name of stale) {
    await adminQuery(databaseUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => {});
  }
}

const TEST_DATABASE = new RegExp(`^${TEST_DATABASE_PREFIX}([0-9a-z]{8,9})_[0-9a-z]+$`);
/** Before any test database: what is older is not a creation time (e.g. `t_db_…`). */
const EPOCH = Date.UTC(2024, 0, 1);

/**
 * Whether `name` is a database `createTestEnv` made before `cutoff`: `t_<creation ms, base 36>_…`.
 * Other names that merely start with `t_` (a package's own `t_db_…`) are never taken for one:
 * a run's sweep must not drop a database another run is using.
 */
export function isStaleTestDatabase(name: string, cutoff: number): boolean {
  const created = TEST_DATABASE.exec(name)?.[1];
  if (created === undefined) return false;
  const at = parseInt(created, 36);
  return at >= EPOCH && at < cutoff;
}

async function sweepStreams(natsUrl: string, cutoff: number): Promise<void> {
  const nc = await connect({ servers: natsUrl, timeout: 5_000 });
  const stale: string[] = [];
  try {
    const jsm = await jetstreamManager(nc);
    for await (const info of jsm.streams.list()) {
      const { name } = info.config;
      if (/^T_[0-9a-z]+$/.test(name) && Date.parse(info.created) < cutoff) stale.push(name);
    }
  } finally {
    await nc.close();
  }
  for (const name of stale) await deleteStream(natsUrl, name).catch(() => {});
}
