import { nanos } from '@nats-io/transport-node';
import { AckPolicy, DeliverPolicy, JetStreamApiCodes, JetStreamApiError } from '@nats-io/jetstream';
import type { ConsumerConfig, ConsumerInfo, ConsumerMessages, JsMsg } from '@nats-io/jetstream';
import type { Bus } from './connect.ts';
import { isBusUnavailable, toBusError } from './errors.ts';
import { backoffMs, sleep } from './sleep.ts';
import { toStoredEvent } from './stored-event.ts';
import type { StoredEvent } from './stored-event.ts';

/** Where consumeBatches reports what it retries (a pino logger fits). */
export interface BusLogger {
  warn(obj: object, msg?: string): void;
}

export interface ConsumeBatchesOptions {
  /** Durable consumer name. */
  durable: string;
  /** First seq to deliver when the durable is created (an existing durable keeps its position). */
  startSeq: number;
  /** Default 1000. */
  maxBatch?: number;
  /** Returns once aborted (after the running handler call settles). */
  signal?: AbortSignal;
  /** Called with consecutive messages in seq order; the batch is acked when it resolves. */
  handler: (batch: StoredEvent[]) => Promise<void>;
  logger?: BusLogger;
}

const ACK_WAIT_MS = 30_000;
/**
 * Messages requested from the server at once by `consumeBatches` (nats.js asks for more once a
 * quarter has arrived; the batches gather what arrived meanwhile, up to `maxBatch`). A small
 * count: thousands of large events asked at once overran the server's per-connection pending
 * limit (64 MiB by default), past which it drops messages; 64 events at ingest's body limit
 * (256 KiB) stay within a quarter of it. Not bounded by bytes: nats.js's byte-bounded
 * pulls count the unused bytes of a request the server completed by count as still pending,
 * so each new pull asks for less until none is open, and delivery waited for the last pull to
 * expire (10 s) with the backlog undrained (backlog-drain.test.ts).
 */
export const CONSUME_PULL_MESSAGES = 64;
const FAILURE_BACKOFF_MS = 200;
const defaultLogger: BusLogger = {
  warn: (obj, msg) => console.warn(`[@rcpx/bus] ${msg ?? ''}`, obj),
};

function durableConfig(durable: string, startSeq: number): Partial<ConsumerConfig> {
  return {
    durable_name: durable,
    ack_policy: AckPolicy.All,
    deliver_policy: DeliverPolicy.StartSequence,
    opt_start_seq: Math.max(1, Math.floor(startSeq)),
    ack_wait: nanos(ACK_WAIT_MS),
    max_ack_pending: 20_000,
    max_deliver: -1,
  };
}

function isNotFound(err: unknown): boolean {
  return err instanceof JetStreamApiError && err.code === JetStreamApiCodes.ConsumerNotFound;
}

async function consumerInfo(bus: Bus, durable: string): Promise<ConsumerInfo | null> {
  try {
    return await bus.jsm.consumers.info(bus.stream, durable);
  } catch (err) {
    if (isNotFound(err)) return null;
    throw err;
  }
}

/** Deletes the durable (if any) and creates it again delivering from `startSeq` (rebuilds). */
export async function resetDurable(bus: Bus, durable: string, startSeq: number): Promise<void> {
  try {
    await bus.jsm.consumers.delete(bus.stream, durable).catch((err: unknown) => {
      if (!isNotFound(err)) throw err;
    });
    await bus.jsm.consumers.add(bus.stream, durableConfig(durable, startSeq));
  } catch (err) {
    throw toBusError(err, 'reset durable');
  }
}

/**
 * Keeps the durable at `checkpoint + 1`: a durable whose ack floor is elsewhere (read models reset
 * or restored, a batch acked before its commit) is recreated delivering from there. Returns the
 * ack floor it had when it was moved, else null (also when it does not exist: consumeBatches
 * creates it at its `startSeq`).
 */
export async function alignDurable(
  bus: Bus,
  durable: string,
  checkpoint: number,
): Promise<number | null> {
  const info = await consumerInfo(bus, durable).catch((err: unknown) => {
    throw toBusError(err, 'consumer info');
  });
  if (!info || info.ack_floor.stream_seq === checkpoint) return null;
  await resetDurable(bus, durable, checkpoint + 1);
  return info.ack_floor.stream_seq;
}

// Creates the durable if missing. A durable left with unacked deliveries (a crash mid-batch) is
// recreated at its ack floor + 1: with ack policy `all`, acking the newer messages the server
// would deliver first would also ack the older ones nobody handled.
async function ensureDurable(bus: Bus, durable: string, startSeq: number): Promise<void> {
  const info = await consumerInfo(bus, durable);
  if (!info) {
    await bus.jsm.consumers.add(bus.stream, durableConfig(durable, startSeq));
  } else if (info.num_ack_pending > 0) {
    // Before its first ack the floor reads 0: start where the durable started.
    const from =
      info.ack_floor.consumer_seq > 0
        ? info.ack_floor.stream_seq + 1
        : (info.config.opt_start_seq ?? 1);
    await resetDurable(bus, durable, from);
  }
}

type SessionEnd =
  | { kind: 'aborted' }
  | { kind: 'closed' }
  | { kind: 'failed'; at: number; err: unknown }
  | { kind: 'gap'; at: number }
  | { kind: 'stopped'; err?: unknown };

/**
 * Consumes the log through a durable pull consumer (ack policy `all`) in seq order, calling
 * `handler` with batches of up to `maxBatch` messages and acking the last message of each batch
 * once the handler resolves. When the handler throws, the batch is redelivered from its first
 * seq after a short backoff. Retries across NATS outages and restarts; returns when `signal`
 * aborts or the bus is closed. Delivery is at least once: the caller skips seq ≤ its checkpoint.
 * One consumeBatches per durable at a time.
 */
export async function consumeBatches(bus: Bus, opts: ConsumeBatchesOptions): Promise<void> {
  const { durable, signal, handler } = opts;
  const maxBatch = Math.max(1, opts.maxBatch ?? 1000);
  const log = opts.logger ?? defaultLogger;
  let committed = 0; // last seq handled and acked in this call
  let repositionAt: number | null = null;
  let failures = 0;

  while (!signal?.aborted && !bus.nc.isClosed()) {
    let end: SessionEnd;
    try {
      if (repositionAt !== null) await resetDurable(bus, durable, repositionAt);
      else await ensureDurable(bus, durable, committed > 0 ? committed + 1 : opts.startSeq);
      repositionAt = null;
      end = await session();
    } catch (err) {
      if (!isBusUnavailable(err)) throw toBusError(err, 'consume');
      end = { kind: 'stopped', err };
    }
    if (end.kind === 'aborted' || end.kind === 'closed') return;
    failures++;
    if (end.kind === 'failed') {
      log.warn({ err: end.err, durable, seq: end.at }, 'batch handler failed; redelivering');
      repositionAt = end.at;
    } else if (end.kind === 'gap') {
      log.warn({ durable, seq: end.at }, 'gap in delivery; repositioning the consumer');
      repositionAt = end.at;
      failures = 0;
    } else {
      log.warn({ err: end.err, durable }, 'consumer stopped; restarting');
    }
    await sleep(backoffMs(failures - 1, FAILURE_BACKOFF_MS, 5000), signal);
  }

  // One consume() subscription; ends on abort, handler failure, gap, or when the client stops it.
  async function session(): Promise<SessionEnd> {
    const consumer = await bus.js.consumers.get(bus.stream, durable);
    const buffer: JsMsg[] = [];
    let nextSeq: number | null = null; // the seq the next new message must have
    let gapAt: number | null = null;
    let stopped = false;
    let wake: (() => void) | null = null;
    const notify = () => {
      const w = wake;
      wake = null;
      w?.();
    };

    const messages: ConsumerMessages = await consumer.consume({
      max_messages: CONSUME_PULL_MESSAGES,
      expires: 10_000,
      callback: (m) => {
        if (gapAt !== null) return;
        const seq = m.seq;
        if (seq <= committed || (nextSeq !== null && seq < nextSeq)) {
          // A redelivery of something handled (ack it again) or still buffered (acked with it).
          if (seq <= committed) m.ack();
          return;
        }
        if (nextSeq !== null && seq > nextSeq) {
          gapAt = nextSeq; // something was lost in flight; the consumer moved past it
          notify();
          return;
        }
        nextSeq = seq + 1;
        buffer.push(m);
        if (buffer.length === 1) notify();
      },
    });
    void messages.closed().then(() => {
      stopped = true;
      notify();
    });
    void (async () => {
      for await (const s of messages.status()) {
        if (s.type === 'consumer_deleted' || s.type === 'consumer_not_found') {
          void messages.close();
        }
      }
    })().catch(() => {});
    const onAbort = () => notify();
    signal?.addEventListener('abort', onAbort, { once: true });

    try {
      for (;;) {
        if (signal?.aborted) return { kind: 'aborted' };
        if (bus.nc.isClosed()) return { kind: 'closed' };
        if (buffer.length > 0) {
          const batch = buffer.splice(0, maxBatch);
          const first = batch[0]!;
          const last = batch[batch.length - 1]!;
          try {
            await handler(batch.map(toStoredEvent));
          } catch (err) {
            return { kind: 'failed', at: first.seq, err };
          }
          committed = last.seq;
          // Wait for the server to confirm the ack: a restart then sees nothing pending. A lost
          // ack only means a redelivery, skipped above.
          await last.ackAck({ timeout: 2000 }).catch(() => false);
          failures = 0;
          continue;
        }
        if (gapAt !== null) return { kind: 'gap', at: gapAt };
        if (stopped) return { kind: 'stopped', err: await messages.closed() };
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      await messages.close().catch(() => {});
    }
  }
}
