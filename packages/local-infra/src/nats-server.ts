import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { exitOf, LineTail } from './child-process.ts';
import { freePort } from './free-port.ts';
import { natsAnswers } from './probe.ts';
import { serverLifecycle, unrefChild } from './server-lifecycle.ts';
import { waitFor } from './wait-for.ts';

export interface StartNatsServerOptions {
  /** Port to listen on (default: a free one). */
  port?: number;
  /** JetStream store directory (default: a fresh temp dir, removed by `dispose()` or at exit). */
  storeDir?: string;
  /** Extra command-line arguments for nats-server. */
  args?: string[];
  /** Receives every log line of the server (default: kept for error messages only). */
  onLog?: (line: string) => void;
  /** How long to wait for the server to accept connections (default 15 s). */
  startTimeoutMs?: number;
}

/** A nats-server child process with JetStream, for tests (including fault tests). */
export interface NatsServerHandle {
  readonly url: string;
  readonly port: number;
  readonly storeDir: string;
  /** pid of the running server, undefined while stopped. */
  readonly pid: number | undefined;
  /** Stops the server with `signal` (default SIGTERM: graceful) and waits for it to exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Kills the server with SIGKILL (a crash) and waits for it to exit. */
  kill(): Promise<void>;
  /** Stops (gracefully) if running, then starts again on the same port and store dir. */
  restart(): Promise<void>;
  /** Stops the server and removes the store dir if this helper created it. */
  dispose(): Promise<void>;
  /** The server's recent log lines. */
  logs(): string;
}

/** Path of the nats-server binary: `NATS_SERVER_BIN`, then PATH, then /usr/sbin, /usr/local/bin. */
export function natsServerBinary(): string {
  const fromEnv = process.env.NATS_SERVER_BIN;
  if (fromEnv) {
    try {
      accessSync(fromEnv, constants.X_OK);
      return fromEnv;
    } catch {
      throw new Error(`NATS_SERVER_BIN=${fromEnv} is not an executable file`);
    }
  }
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/bin'];
  for (const dir of dirs.filter(Boolean)) {
    const candidate = join(dir, 'nats-server');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // keep looking
    }
  }
  throw new Error(
    'nats-server not found on PATH, /usr/sbin or /usr/local/bin (set NATS_SERVER_BIN)',
  );
}

/** Spawns `nats-server -js -a 127.0.0.1 -p <port> -sd <dir>` and waits until it accepts clients. */
export async function startNatsServer(
  options: StartNatsServerOptions = {},
): Promise<NatsServerHandle> {
  const binary = natsServerBinary();
  const port = options.port ?? (await freePort());
  const ownsDir = options.storeDir === undefined;
  const storeDir = options.storeDir ?? (await mkdtemp(join(tmpdir(), 'rcpx-nats-')));
  const url = `nats://127.0.0.1:${port}`;
  const tail = new LineTail();
  const startTimeoutMs = options.startTimeoutMs ?? 15_000;
  let child: ChildProcess | undefined;
  const lifecycle = serverLifecycle({
    name: 'nats-server',
    ownedDir: ownsDir ? storeDir : undefined,
    child: () => child,
    launch,
    stop,
  });

  async function launch(): Promise<void> {
    const args = ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', storeDir];
    const proc = spawn(binary, [...args, ...(options.args ?? [])], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    const onData = (chunk: Buffer) => tail.push(chunk, options.onLog);
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', onData);
    // a forgotten handle must not keep the test process alive: the exit hook kills the server
    unrefChild(proc);
    let exited = false;
    void exitOf(proc).then(() => {
      exited = true;
      if (child === proc) child = undefined;
    });
    try {
      await waitFor(
        async () => {
          if (exited) throw new Error('nats-server exited');
          return natsAnswers(url, 1_000);
        },
        { timeoutMs: startTimeoutMs, message: `nats-server on port ${port} did not start` },
      );
    } catch (err) {
      proc.kill('SIGKILL');
      throw new Error(`${(err as Error).message}\n${tail.text()}`, { cause: err });
    }
  }

  async function stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const proc = child;
    if (!proc) return;
    const exit = exitOf(proc);
    proc.kill(signal);
    // a graceful stop that hangs is escalated, so a test never hangs on teardown
    const escalate = setTimeout(() => proc.kill('SIGKILL'), 10_000);
    await exit;
    clearTimeout(escalate);
    if (child === proc) child = undefined;
  }

  await launch();

  return {
    url,
    port,
    storeDir,
    get pid() {
      return child?.pid;
    },
    stop,
    kill: () => stop('SIGKILL'),
    ...lifecycle,
    logs: () => tail.text(),
  };
}
