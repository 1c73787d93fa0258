import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';
import {
  natsAnswers,
  natsServerBinary,
  pgAnswers,
  startNatsServer,
  startPostgres,
} from '@rcpx/local-infra';

/** Where `npm start` keeps the data of the servers it starts itself. */
export const VAR_DIR = resolve(import.meta.dirname, '../../../var');

const EMBEDDED_PG_PORT = 54329;
const EMBEDDED_NATS_PORT = 42229;

export interface LocalInfra {
  databaseUrl: string;
  natsUrl: string;
  /** What was found or started, one line each, for the start-up banner. */
  notes: string[];
  stop(): Promise<void>;
}

const NATS_HELP = [
  'No NATS server answers on 127.0.0.1:4222 and no `nats-server` binary was found.',
  'Install one, then run `npm start` again:',
  '  Debian/Ubuntu: sudo apt-get install nats-server',
  '  macOS:         brew install nats-server',
  '  Go toolchain:  go install github.com/nats-io/nats-server/v2@latest',
  'or point rcpx at a running server: NATS_URL=nats://host:4222 npm start',
].join('\n');

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
 * The embedded default of `npm start`: DATABASE_URL / NATS_URL when set; otherwise the standard
 * local ports; otherwise an embedded PostgreSQL and a `nats-server` started under ./var/.
 */
export async function resolveLocalInfra(env: NodeJS.ProcessEnv): Promise<LocalInfra> {
  const notes: string[] = [];
  const stops: Array<() => Promise<void>> = [];
  let databaseUrl = env.DATABASE_URL;
  let natsUrl = env.NATS_URL;

  if (!databaseUrl) {
    const local = 'postgres://postgres@127.0.0.1:5432/postgres';
    const ours = `postgres://postgres@127.0.0.1:${EMBEDDED_PG_PORT}/postgres`;
    if (await pgAnswers(local, 1_000)) {
      databaseUrl = await ensureDatabase(local, 'rcpx');
      notes.push('PostgreSQL: the local server on 127.0.0.1:5432 (database rcpx)');
    } else if (await pgAnswers(ours, 500)) {
      databaseUrl = await ensureDatabase(ours, 'rcpx');
      notes.push(
        `PostgreSQL: the embedded server another rcpx process runs on ${EMBEDDED_PG_PORT}`,
      );
    } else {
      mkdirSync(VAR_DIR, { recursive: true });
      const server = await startPostgres({
        dataDir: resolve(VAR_DIR, 'pg'),
        port: EMBEDDED_PG_PORT,
        durable: true,
      });
      stops.push(() => server.stop());
      databaseUrl = await ensureDatabase(server.url, 'rcpx');
      notes.push(`PostgreSQL: embedded, data in var/pg, port ${server.port}`);
    }
  }

  if (!natsUrl) {
    const local = 'nats://127.0.0.1:4222';
    const ours = `nats://127.0.0.1:${EMBEDDED_NATS_PORT}`;
    if (await natsAnswers(local, 1_000)) {
      natsUrl = local;
      notes.push('NATS: the local server on 127.0.0.1:4222');
    } else if (await natsAnswers(ours, 500)) {
      natsUrl = ours;
      notes.push(`NATS: the nats-server another rcpx process runs on ${EMBEDDED_NATS_PORT}`);
    } else {
      try {
        natsServerBinary();
      } catch {
        await Promise.all(stops.map((s) => s()));
        throw new Error(NATS_HELP);
      }
      mkdirSync(VAR_DIR, { recursive: true });
      const server = await startNatsServer({
        storeDir: resolve(VAR_DIR, 'nats'),
        port: EMBEDDED_NATS_PORT,
      });
      stops.push(() => server.stop());
      natsUrl = server.url;
      notes.push(`NATS: nats-server started by rcpx, data in var/nats, port ${server.port}`);
    }
  }

  return {
    databaseUrl,
    natsUrl,
    notes,
    stop: async () => {
      await Promise.all(stops.map((s) => s()));
    },
  };
}
