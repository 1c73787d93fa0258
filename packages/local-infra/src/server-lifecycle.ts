import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { onProcessExit } from './exit-hooks.ts';

/** Lets this process exit while `child` and its pipes are open (an exit hook kills the child). */
export function unrefChild(child: ChildProcess | undefined): void {
  child?.unref();
  for (const stream of [child?.stdout, child?.stderr]) {
    (stream as Socket | null | undefined)?.unref();
  }
}

export interface ServerLifecycleOptions {
  /** Names the server in errors (`<name> handle was disposed`). */
  name: string;
  /** The data dir when the helper created it: removed by `dispose()` or at exit. */
  ownedDir: string | undefined;
  /** The running server process, if any. */
  child(): ChildProcess | undefined;
  launch(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * `restart()` and `dispose()` of a test server's handle; until disposed, the server is killed
 * (and its owned dir removed) when this process exits first. Call before the first launch.
 */
export function serverLifecycle(opts: ServerLifecycleOptions): {
  restart(): Promise<void>;
  dispose(): Promise<void>;
} {
  const unhook = onProcessExit(() => {
    opts.child()?.kill('SIGKILL');
    if (opts.ownedDir) rmSync(opts.ownedDir, { recursive: true, force: true, maxRetries: 3 });
  });
  let disposed = false;
  return {
    async restart() {
      if (disposed) throw new Error(`${opts.name} handle was disposed`);
      await opts.stop();
      await opts.launch();
    },
    async dispose() {
      disposed = true;
      await opts.stop();
      unhook();
      if (opts.ownedDir) await rm(opts.ownedDir, { recursive: true, force: true });
    },
  };
}
