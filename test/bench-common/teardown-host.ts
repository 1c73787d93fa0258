import type { TeardownHost } from '@rcpx/testing';

/**
 * A `TeardownHost` outside tap: `run()` runs the registered teardowns in reverse order. Without
 * `onError` the first that throws stops the run and rejects it; with it, each error is handed to
 * `onError` and the rest still run.
 */
export function teardownHost(
  onError?: (err: unknown) => void,
): TeardownHost & { run(): Promise<void> } {
  const fns: (() => unknown)[] = [];
  return {
    teardown: (fn) => void fns.push(fn),
    async run() {
      for (const fn of fns.splice(0).reverse()) {
        if (!onError) {
          await fn();
          continue;
        }
        try {
          await fn();
        } catch (err) {
          onError(err);
        }
      }
    },
  };
}
