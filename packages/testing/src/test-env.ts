import { randomBytes } from 'node:crypto';
import { jetstreamManager, JetStreamApiCodes, JetStreamApiError } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import { getInfra } from './infra.ts';

/** What one test file gets: its own database, stream name and subject prefix. */
export interface TestEnv {
  /** URL of a fresh, empty database on the base server. */
  databaseUrl: string;
  natsUrl: string;
  /** A unique JetStream stream name (`T_<rand>`); creating it is up to `@rcpx/bus`. */
  stream: string;
  /** A unique subject prefix (`t<rand>`), so the stream's subjects overlap no other's. */
  subjectPrefix: string;
}

/** The part of a tap `Test` that `createTestEnv` needs. */
export interface TeardownHost {
  teardown(fn: () => unknown): void;
}

/** Prefix of the databases `createTestEnv` creates: `t_<base36 time>_<rand>`. */
export const TEST_DATABASE_PREFIX = 't_';

function randomId(length = 10): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(length)].map((b) => alphabet[b % alphabet.length]).join('');
}

/** `url` with its database name replaced. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

/** Runs one statement on the base server's maintenance database. */
export async function adminQuery(baseUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: baseUrl, connectionTimeoutMillis: 10_000 });
  client.on('error', () => {});
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Deletes a JetStream stream; a stream that does not exist is fine. */
export async function deleteStream(natsUrl: string, stream: string): Promise<void> {
  const nc = await connect({ servers: natsUrl, timeout: 10_000 });
  try {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.delete(stream);
  } catch (err) {
    if (!(err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamNotFound)) {
      throw err;
    }
  } finally {
    await nc.close();
  }
}

/**
 * Creates an isolated environment for one tap test: a new database (dropped `WITH (FORCE)` at
 * teardown) and a unique stream name + subject prefix (the stream is deleted at teardown).
 */
export async function createTestEnv(t: TeardownHost): Promise<TestEnv> {
  const { databaseUrl: baseUrl, natsUrl } = await getInfra();
  const id = randomId();
  const database = `${TEST_DATABASE_PREFIX}${Date.now().toString(36)}_${id}`;
  const stream = `T_${id}`;
  const subjectPrefix = `t${id}`;
  await adminQuery(baseUrl, `CREATE DATABASE "${database}"`);
  t.teardown(async () => {
    await Promise.all([
      adminQuery(baseUrl, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`),
      deleteStream(natsUrl, stream),
    ]);
  });
  return { databaseUrl: withDatabase(baseUrl, database), natsUrl, stream, subjectPrefix };
}
