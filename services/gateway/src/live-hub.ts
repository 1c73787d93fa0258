import { setTimeout as delay } from 'node:timers/promises';
import { lastSeq, replay } from '@rcpx/bus';
import type { Bus } from '@rcpx/bus';
import { Frame } from './frame.ts';
import { readLogRange } from './log-range.ts';
import { RecentFrames } from './recent-frames.ts';
import { semaphore } from './semaphore.ts';

/** Receives every frame the hub broadcasts, in seq order, synchronously. */
export interface LiveSubscriber {
  offer(frame: Frame): void;
}

/** The logger the hub needs (pino/fastify compatible). */
export interface HubLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface LiveHubOptions {
  bus: Bus;
  logger: HubLogger;
  /** Recent frames kept in memory for resumes (default 10 000 frames, 32 MiB). */
  recentFrames?: number;
  recentBytes?: number;
  /** Log catch-ups running at once (default 32; the others wait for a turn). */
  maxLogCatchUps?: number;
  /** Messages read from the log for catch-ups in flight at once, process-wide (default 32). */
  maxLogReads?: number;
}

/** One ordered consumer of the log per process, fanning each event out to the connections. */
export interface LiveHub {
  /** The seq of the last event broadcast (the log's last seq when the hub started, at first). */
  readonly position: number;
  /** Number of subscribers. */
  readonly size: number;
  /** Frames broadcast since start. */
  readonly broadcast: number;
  /** Adds a subscriber: it gets every frame with seq > `position` from now on. */
  subscribe(sub: LiveSubscriber): () => void;
  /**
   * Adds a watcher of the process itself (not a connection, not counted in `size`): it sees each
   * frame before every subscriber does.
   */
  watch(watcher: LiveSubscriber): () => void;
  /** The frames with seq in (after, position] from memory, or null when not all are there. */
  recent(after: number): Frame[] | null;
  /** The frames with seq in (after, upTo] from the log, in order (bounded reads, see readLogRange). */
  fromLog(after: number, upTo: number, signal: AbortSignal): AsyncIterable<Frame>;
  /** Stops the consumer; subscribers get nothing more. */
  close(): Promise<void>;
}

/**
 * Starts the hub: reads the log's last seq, then follows the log from there with one ordered
 * consumer (`replay`). Each event is turned into one `Frame` (serialized once) and offered to
 * every subscriber in seq order. Restarts the consumer after an error from the last seq seen.
 */
export async function startLiveHub(opts: LiveHubOptions): Promise<LiveHub> {
  const { bus, logger } = opts;
  let position = await lastSeq(bus);
  let broadcast = 0;
  const recent = new RecentFrames(
    position,
    opts.recentFrames ?? 10_000,
    opts.recentBytes ?? 32 * 1024 * 1024,
  );
  const subs = new Set<LiveSubscriber>();
  const watchers = new Set<LiveSubscriber>();
  const ac = new AbortController();
  const catchUps = semaphore(opts.maxLogCatchUps ?? 32);
  const reads = semaphore(opts.maxLogReads ?? 32);

  const loop = (async () => {
    let attempt = 0;
    while (!ac.signal.aborted && !bus.nc.isClosed()) {
      try {
        for await (const stored of replay(bus, { afterSeq: position, signal: ac.signal })) {
          if (stored.seq <= position) continue;
          const frame = new Frame(stored.event, stored.json);
          position = stored.seq;
          broadcast++;
          recent.push(frame);
          for (const w of watchers) {
            try {
              w.offer(frame);
            } catch (err) {
              logger.error({ err, seq: frame.seq }, 'live hub: a watcher failed');
            }
          }
          for (const sub of subs) {
            try {
              sub.offer(frame);
            } catch (err) {
              logger.error({ err, seq: frame.seq }, 'live hub: a subscriber failed');
            }
          }
          attempt = 0;
        }
      } catch (err) {
        if (ac.signal.aborted) break;
        logger.error({ err, position }, 'live hub: the log consumer failed; restarting');
      }
      if (ac.signal.aborted || bus.nc.isClosed()) break;
      await delay(Math.min(5_000, 200 * 2 ** attempt++), undefined, { signal: ac.signal }).catch(
        () => {},
      );
    }
  })();

  return {
    get position() {
      return position;
    },
    get size() {
      return subs.size;
    },
    get broadcast() {
      return broadcast;
    },
    subscribe(sub) {
      subs.add(sub);
      return () => void subs.delete(sub);
    },
    watch(watcher) {
      watchers.add(watcher);
      return () => void watchers.delete(watcher);
    },
    recent(after) {
      return recent.after(after);
    },
    async *fromLog(after, upTo, signal) {
      if (after >= upTo) return;
      if (!(await catchUps.acquire(signal))) return;
      try {
        for await (const stored of readLogRange(bus, after, upTo, { signal, window: 16, reads })) {
          yield new Frame(stored.event, stored.json);
        }
      } finally {
        catchUps.release();
      }
    },
    async close() {
      ac.abort();
      subs.clear();
      watchers.clear();
      await loop;
    },
  };
}
