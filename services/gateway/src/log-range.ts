import { backoffMs, isBusUnavailable, readBySeq, sleep } from '@rcpx/bus';
import type { Bus, StoredEvent } from '@rcpx/bus';
import type { Semaphore } from './semaphore.ts';

export interface LogRangeOptions {
  /** Ends the reading (the iteration then stops quietly). */
  signal: AbortSignal;
  /** Reads requested ahead of the one being yielded. */
  window: number;
  /** Bounds the reads in flight on the connection (shared by every reader of the process). */
  reads: Semaphore;
  /** Tries per message when NATS does not answer (then the iteration throws). */
  attempts?: number;
}

/**
 * The events with seq in (after, upTo], in order, read one message per request (direct get).
 * Nothing is requested that the caller has not nearly consumed (`window` ahead), and the reads in
 * flight on the process's one NATS connection are bounded (`reads`): a crowd of readers of large
 * events can neither flood the connection (the server would drop messages past its pending
 * limit) nor stall one another. A seq that is gone (deleted) is skipped. A read that times out is
 * retried; after `attempts` tries the iteration throws (the caller ends the connection, the client
 * resumes).
 */
export async function* readLogRange(
  bus: Bus,
  after: number,
  upTo: number,
  opts: LogRangeOptions,
): AsyncIterable<StoredEvent> {
  const local = new AbortController();
  const abort = () => local.abort();
  opts.signal.addEventListener('abort', abort, { once: true });
  const { signal } = local;
  const attempts = opts.attempts ?? 6;

  const read = async (seq: number): Promise<StoredEvent | null> => {
    for (let attempt = 1; ; attempt++) {
      if (!(await opts.reads.acquire(signal))) return null;
      try {
        return await readBySeq(bus, seq);
      } catch (err) {
        if (signal.aborted) return null;
        if (!isBusUnavailable(err) || attempt >= attempts) throw err;
      } finally {
        opts.reads.release();
      }
      await sleep(backoffMs(attempt - 1), signal);
    }
  };

  const ahead: Promise<StoredEvent | null>[] = [];
  let next = after + 1;
  try {
    while (next <= upTo || ahead.length > 0) {
      while (ahead.length < opts.window && next <= upTo) {
        const p = read(next++);
        p.catch(() => {}); // awaited below, in order
        ahead.push(p);
      }
      const stored = await ahead.shift()!;
      if (signal.aborted) return;
      if (stored) yield stored;
    }
  } finally {
    opts.signal.removeEventListener('abort', abort);
    local.abort();
  }
}
