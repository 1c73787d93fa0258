import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// Request/response over the IPC channel of a forked child (structured clone: typed arrays pass).

interface Request {
  id: number;
  cmd: string;
  args: unknown;
}
type Reply =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: string }
  | { ready: unknown };

/** Epoch milliseconds with sub-millisecond resolution, comparable across processes. */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

/** A forked child process answering commands. */
export interface Child {
  readonly name: string;
  readonly pid: number;
  /** What the child sent once ready (e.g. its port). */
  ready: Promise<unknown>;
  call<T>(cmd: string, args?: unknown): Promise<T>;
  /** Asks the child to close (`close` command), then kills it if it has not exited in 10 s. */
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of live) c.kill('SIGKILL');
});

/** Forks `entry` with `node --import tsx` (plus `execArgv`) and an IPC channel. */
export function startChild(
  name: string,
  entry: URL,
  opts: { env?: Record<string, string>; execArgv?: string[] } = {},
): Child {
  const child = fork(fileURLToPath(entry), [], {
    execArgv: ['--import', 'tsx', ...(opts.execArgv ?? [])],
    env: { ...process.env, ...opts.env },
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  live.add(child);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      live.delete(child);
      resolve();
    }),
  );
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let nextId = 1;
  let markReady: (v: unknown) => void;
  let failReady: (e: Error) => void;
  const ready = new Promise<unknown>((resolve, reject) => {
    markReady = resolve;
    failReady = reject;
  });
  ready.catch(() => {});
  child.on('message', (msg: Reply) => {
    if ('ready' in msg) return markReady(msg.ready);
    const p = pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    if (msg.ok) p.resolve(msg.result);
    else p.reject(new Error(`${name}: ${msg.error}`));
  });
  void exited.then(() => {
    const err = new Error(`${name} exited (code ${child.exitCode}, signal ${child.signalCode})`);
    failReady(err);
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  });
  return {
    name,
    pid: child.pid!,
    ready,
    call<T>(cmd: string, args?: unknown): Promise<T> {
      if (!child.connected) return Promise.reject(new Error(`${name} is gone`));
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        child.send({ id, cmd, args } satisfies Request);
      });
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
      if (child.connected) {
        const id = nextId++;
        child.send({ id, cmd: 'close', args: undefined } satisfies Request);
      } else {
        child.kill('SIGTERM');
      }
      await exited;
      clearTimeout(kill);
    },
  };
}

type Handler = (args: never) => unknown;

/**
 * The child side: answers the parent's commands with `handlers`; `close` runs `onClose` and
 * exits. Exits too when the parent goes away.
 */
export function serveParent(
  handlers: Record<string, Handler>,
  ready: unknown,
  onClose: () => Promise<void> = async () => {},
): void {
  const send = (msg: Reply) => process.send?.(msg);
  let closing = false;
  const close = async () => {
    if (closing) return;
    closing = true;
    await onClose().catch((err: unknown) => console.error(err));
    process.exit(0);
  };
  process.on('disconnect', () => void close());
  process.on('message', (msg: Request) => {
    if (msg.cmd === 'close') return void close();
    const handler = handlers[msg.cmd];
    void (async () => {
      try {
        if (!handler) throw new Error(`unknown command ${msg.cmd}`);
        send({ id: msg.id, ok: true, result: await handler(msg.args as never) });
      } catch (err) {
        send({
          id: msg.id,
          ok: false,
          error: err instanceof Error ? (err.stack ?? err.message) : String(err),
        });
      }
    })();
  });
  send({ ready });
}
