/**
 * The keeper: a detached process that runs the test servers for some tap runs (or one test
 * process) and stops them once every runner listed in its infra file has exited, or on SIGTERM.
 * Started by `startKeeper`; not part of the package API.
 */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  isAlive,
  postgresCanReach,
  startNatsServer,
  startPostgres,
  type NatsServerHandle,
  type PostgresHandle,
} from '@rcpx/local-infra';
import { readInfraFile, removeInfraFile, withInfraLock, writeInfraFile } from './infra-file.ts';
import { infraDataDir } from './paths.ts';

const { values } = parseArgs({
  options: {
    out: { type: 'string' },
    runner: { type: 'string' },
    postgres: { type: 'boolean', default: false },
    nats: { type: 'boolean', default: false },
  },
});
const out = values.out;
const runner = Number(values.runner);
if (!out || !Number.isInteger(runner))
  throw new Error('usage: infra-keeper --out <file> --runner <pid>');

const log = (message: string) =>
  console.log(`${new Date().toISOString()} keeper ${process.pid}: ${message}`);
const dirs: string[] = [];
let postgres: PostgresHandle | undefined;
let nats: NatsServerHandle | undefined;
let stopping = false;

async function shutdown(reason: string, code = 0): Promise<void> {
  if (stopping) return;
  stopping = true;
  log(`stopping (${reason})`);
  const force = setTimeout(() => process.exit(1), 30_000);
  await Promise.allSettled([postgres?.dispose(), nats?.dispose()]);
  await Promise.allSettled(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  await withInfraLock(() => removeInfraFile(process.pid, out), out).catch(() => {});
  clearTimeout(force);
  log('stopped');
  process.exit(code);
}

try {
  await mkdir(infraDataDir, { recursive: true, mode: 0o755 });
  const pgDir = join(infraDataDir, `pg-${process.pid}`);
  const natsDir = join(infraDataDir, `nats-${process.pid}`);
  // as root, postgres runs as the postgres user: var/ may be out of its reach (a temp dir then)
  const pgInVar = postgresCanReach(pgDir);
  if (values.postgres && pgInVar) dirs.push(pgDir);
  if (values.nats) dirs.push(natsDir);
  [postgres, nats] = await Promise.all([
    values.postgres ? startPostgres(pgInVar ? { dataDir: pgDir } : {}) : undefined,
    values.nats ? startNatsServer({ storeDir: natsDir }) : undefined,
  ]);
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    process.on(signal, () => void shutdown(signal));
  }
  await writeInfraFile(
    { keeperPid: process.pid, runners: [runner], databaseUrl: postgres?.url, natsUrl: nats?.url },
    out,
  );
  log(`ready: ${[postgres?.url, nats?.url].filter(Boolean).join(' ')} for runner ${runner}`);
} catch (err) {
  log(`failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  await shutdown('start failure', 1);
}

setInterval(() => {
  void (async () => {
    if (stopping) return;
    const file = await readInfraFile(out);
    if (file?.keeperPid !== process.pid) return shutdown('infra file gone or taken over');
    if (!file.runners.some(isAlive)) return shutdown('no runner left');
  })();
}, 500);
