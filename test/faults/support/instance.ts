import { freePort, spawnService, waitFor, type ServiceProcess } from '@rcpx/testing';

/** One `npm start` process (services/all-in-one) on a fixed port, killed and restarted at will. */
export interface RcpxInstance {
  readonly name: string;
  /** `http://127.0.0.1:<port>` (the same across restarts). */
  readonly base: string;
  /** True from `start()` until `kill()`/`stop()` is called. */
  readonly up: boolean;
  readonly pid: number | undefined;
  /** Spawns the process and resolves once `/readyz` answers 200. */
  start(): Promise<void>;
  /** SIGKILL (a crash), resolved once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM (graceful), resolved once the process is gone. */
  stop(): Promise<void>;
  /** Whether `/metrics` says this instance's projector applies (`rcpx_projector_leader 1`). */
  leading(): Promise<boolean>;
  /** The last lines of its output. */
  output(): string;
}

/** An instance of `services/all-in-one/src/main.ts` with `env` (its PORT is chosen here). */
export async function rcpxInstance(
  name: string,
  env: Record<string, string>,
  onLine: (name: string, line: string) => void = () => {},
): Promise<RcpxInstance> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let proc: ServiceProcess | undefined;
  let up = false;
  const halt = async (signal: NodeJS.Signals) => {
    up = false;
    const p = proc;
    proc = undefined;
    if (p) await p.kill(signal);
  };
  return {
    name,
    base,
    get up() {
      return up;
    },
    get pid() {
      return proc?.child.pid;
    },
    async start() {
      const p = spawnService(
        'services/all-in-one/src/main.ts',
        { ...env, PORT: String(port) },
        { name, onLine: (line) => onLine(name, line) },
      );
      proc = p;
      let exited = false;
      void p.exited.then(() => (exited = true));
      await waitFor(
        async () => {
          if (exited) throw new Error(`${name} exited:\n${p.output()}`);
          const res = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(2_000) });
          await res.body?.cancel();
          return res.status === 200;
        },
        { timeoutMs: 90_000, intervalMs: 100, message: `${name} did not become ready` },
      );
      up = true;
    },
    kill: () => halt('SIGKILL'),
    stop: () => halt('SIGTERM'),
    async leading() {
      if (!up) return false;
      const res = await fetch(`${base}/metrics`, { signal: AbortSignal.timeout(2_000) }).catch(
        () => null,
      );
      if (!res?.ok) return false;
      return /^rcpx_projector_leader 1$/m.test(await res.text());
    },
    output: () => proc?.output() ?? '',
  };
}
