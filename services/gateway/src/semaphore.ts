/** A counting semaphore: at most `max` holders at once, the others wait in order. */
export interface Semaphore {
  /** Waits for a slot; false (and no slot) when `signal` aborts first. */
  acquire(signal: AbortSignal): Promise<boolean>;
  release(): void;
}

/** A counting semaphore of `max` slots. A slot released goes straight to the next waiter. */
export function semaphore(max: number): Semaphore {
  let active = 0;
  const waiting = new Set<(granted: boolean) => void>();
  return {
    acquire(signal) {
      if (signal.aborted) return Promise.resolve(false);
      if (active < max) {
        active++;
        return Promise.resolve(true);
      }
      return new Promise<boolean>((resolve) => {
        const onAbort = () => {
          waiting.delete(grant);
          resolve(false);
        };
        const grant = (granted: boolean) => {
          signal.removeEventListener('abort', onAbort);
          resolve(granted);
        };
        waiting.add(grant);
        signal.addEventListener('abort', onAbort, { once: true });
      });
    },
    release() {
      // Hand the slot over (insertion order: the longest waiter first), or free it.
      const next = waiting.values().next();
      if (next.done) {
        active--;
        return;
      }
      waiting.delete(next.value);
      next.value(true);
    },
  };
}
