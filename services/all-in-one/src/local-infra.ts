import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import {
  natsAnswers,
  natsServerBinary,
  pgAnswers,
  postgresCanReach,
  startNatsServer,
  startPostgres,
} from '@rcpx/local-infra';

const DEFAULT_VAR_DIR = resolve(import.meta.dirname, '../../../var');

/**
 * Where `npm start` keeps its state (the admin token, the data of the servers it starts itself,
 * `run.json`): RCPX_VAR_DIR, default `var/` in the checkout.
 */
export function varDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.RCPX_VAR_DIR ? resolve(env.RCPX_VAR_DIR) : DEFAULT_VAR_DIR;
}

const EMBEDDED_PG_PORT = 54329;
const EMBEDDED_NATS_PORT = 42229;
const LOCAL_PG = 'postgres://postgres@127.0.0.1:5432/postgres';
const LOCAL_NATS = 'nats://127.0.0.1:4222';

/** A server found or started for this process. */
export interface LocalServer {
  url: string;
  /** What was found or started, one line, for the start-up banner (empty when configured). */
  note: string;
  stop(): Promise<void>;
}

export interface LocalInfra {
  databaseUrl: string;
  natsUrl: string;
  /** What was found or started, one line each, for the start-up banner. */
  notes: string[];
  stop(): Promise<void>;
}

const NATS_HELP = [
  'No NATS server answers on 127.0.0.1:4222 and no `nats-server` binary was found: install one, or set NATS_URL.',
  'Install one, then run `npm start` again:',
  '  Debian/Ubuntu: sudo apt-get install nats-server',
  '  macOS:         brew install nats-server',
  '  Go toolchain:  go install github.com/nats-io/nats-server/v2@latest',
  'or point rcpx at a running server: NATS_URL=nats://host:4222 npm start',
].join('\n');

const nothing = async () => {};

async function ensureDatabase(serverUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    const found = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Where the embedded PostgreSQL keeps its data: `var/pg`, unless this process is root and the
 * postgres user (which PostgreSQL runs as) cannot reach it, e.g. in a checkout under /root; then a
 * directory of its own under the system temp dir, named after the checkout.
 */
export function embeddedDataDir(state: string): { dir: string; shown: string } {
  const preferred = join(state, 'pg');
  if (postgresCanReach(preferred)) return { dir: preferred, shown: preferred };
  const key = createHash('sha256').update(state).digest('hex').slice(0, 12);
  const dir = join(tmpdir(), `rcpx-pg-${key}`);
  return { dir, shown: `${dir} (the postgres user cannot reach ${state})` };
}

/**
 * The PostgreSQL of `npm start`: DATABASE_URL when set; otherwise the standard local server;
 * otherwise the embedded one (another rcpx process's, else started here with its data under var/).
 */
export async function resolvePostgres(env: NodeJS.ProcessEnv): Promise<LocalServer> {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, note: '', stop: nothing };
  const ours = `postgres://postgres@127.0.0.1:${EMBEDDED_PG_PORT}/postgres`;
  if (await pgAnswers(LOCAL_PG, 1_000)) {
    const url = await ensureDatabase(LOCAL_PG, 'rcpx');
    return {
      url,
      note: 'PostgreSQL: the local server on 127.0.0.1:5432 (database rcpx)',
      stop: nothing,
    };
  }
  if (await pgAnswers(ours, 500)) {
    const url = await ensureDatabase(ours, 'rcpx');
    const note = `PostgreSQL: the embedded server another rcpx process runs on ${EMBEDDED_PG_PORT}`;
    return { url, note, stop: nothing };
  }
  const state = varDir(env);
  mkdirSync(state, { recursive: true });
  const data = embeddedDataDir(state);
  const server = await startPostgres({ dataDir: data.dir, port: EMBEDDED_PG_PORT, durable: true });
  try {
    const url = await ensureDatabase(server.url, 'rcpx');
    const binaries = server.note ? `\n    (${server.note})` : '';
    const note = `PostgreSQL: embedded, data in ${data.shown}, port ${server.port}${binaries}`;
    return { url, note, stop: () => server.stop() };
  } catch (err) {
    await server.stop();
    throw err;
  }
}

/**
 * The NATS of `npm start`: NATS_URL when set; otherwise the standard local server; otherwise a
 * `nats-server` from PATH (another rcpx process's, else started here with its data under var/).
 */
export async function resolveNats(env: NodeJS.ProcessEnv): Promise<LocalServer> {
  if (env.NATS_URL) return { url: env.NATS_URL, note: '', stop: nothing };
  const ours = `nats://127.0.0.1:${EMBEDDED_NATS_PORT}`;
  if (await natsAnswers(LOCAL_NATS, 1_000)) {
    return { url: LOCAL_NATS, note: 'NATS: the local server on 127.0.0.1:4222', stop: nothing };
  }
  if (await natsAnswers(ours, 500)) {
    const note = `NATS: the nats-server another rcpx process runs on ${EMBEDDED_NATS_PORT}`;
    return { url: ours, note, stop: nothing };
  }
  try {
    natsServerBinary();
  } catch {
    throw new Error(NATS_HELP);
  }
  const storeDir = join(varDir(env), 'nats');
  mkdirSync(storeDir, { recursive: true });
  const server = await startNatsServer({ storeDir, port: EMBEDDED_NATS_PORT });
  const note = `NATS: nats-server started by rcpx, data in ${storeDir}, port ${server.port}`;
  return { url: server.url, note, stop: () => server.stop() };
}

/** Both servers of `npm start` (see `resolvePostgres`, `resolveNats`). */
export async function resolveLocalInfra(env: NodeJS.ProcessEnv): Promise<LocalInfra> {
  const postgres = await resolvePostgres(env);
  let nats: LocalServer;
  try {
    nats = await resolveNats(env);
  } catch (err) {
    await postgres.stop();
    throw err;
  }
  return {
    databaseUrl: postgres.url,
    natsUrl: nats.url,
    notes: [postgres.note, nats.note].filter(Boolean),
    stop: async () => {
      await Promise.all([postgres.stop(), nats.stop()]);
    },
  };
}
