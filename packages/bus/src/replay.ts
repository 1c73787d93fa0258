import { DeliverPolicy } from '@nats-io/jetstream';
import type { Consumer, ConsumerMessages } from '@nats-io/jetstream';
import type { Bus } from './connect.ts';
import { CONSUME_PULL_MESSAGES } from './consume.ts';
import { isBusUnavailable, toBusError } from './errors.ts';
import { backoffMs, sleep } from './sleep.ts';
import { toStoredEvent } from './stored-event.ts';
import type { StoredEvent } from './stored-event.ts';

export interface ReplayOptions {
  /** Yield the messages with seq > afterSeq (0 = the whole log), then live ones. */
  afterSeq: number;
  /** Ends the iteration. */
  signal?: AbortSignal;
}

/** The server's heartbeat on an idle pull: two missed ones mean the consumer is gone. */
const HEARTBEAT_MS = 1_000;
/** How long replay waits for a message before it asks whether its consumer still exists. */
const WATCH_MS = 2_000;
/**
 * Ends `messages` once its consumer is gone: two heartbeats missed, or a consumer info that fails
 * after a while without messages, or that says the server delivered beyond `lastSeq()` (the
 * messages were dropped on the way: the server drops past its per-connection pending limit); and
 * at once when nats.js resets it after a gap in delivery (it would re-pull with its pending count
 * not reset — asking for nothing — until heartbeats are missed). `replay` then creates a fresh
 * consumer after the last seq it yielded. An ordered consumer has one replica: when its node dies (a
 * cluster that lost one node keeps the log), nats.js waits for that node to come back; ending
 * the iteration makes `replay` create a new consumer on a live node. `waitingMs` is how long
 * replay has been waiting for the next message (0 while its caller holds it: nothing is pulled
 * then, so missing heartbeats say nothing). Returns the stop.
 */
function watchConsumer(
  consumer: Consumer,
  messages: ConsumerMessages,
  waitingMs: () => number,
  lastSeq: () => number,
): () => void {
  const end = () => void messages.close().catch(() => {});
  void (async () => {
    for await (const s of messages.status()) {
      if (s.type === 'reset') return end();
      if (s.type === 'heartbeats_missed' && waitingMs() >= 2 * HEARTBEAT_MS) return end();
    }
  })().catch(() => {});
  let checking = false;
  const timer = setInterval(() => {
    if (checking || waitingMs() < WATCH_MS) return;
    checking = true;
    consumer.info().then(
      (info) => {
        checking = false;
        // The server delivered beyond what arrived, and nothing came for a while: lost.
        if (info.delivered.stream_seq > lastSeq() && waitingMs() >= WATCH_MS) end();
      },
      () => end(),
    );
  }, WATCH_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * The log in seq order from `afterSeq + 1`, then live events as they are appended, through an
 * ordered consumer. Survives reconnects, server restarts and the loss of the cluster node serving
 * the consumer without gaps or repeats (the consumer is recreated after the last seq yielded).
 * Ends when `signal` aborts, when the caller stops iterating, or when the bus is closed. Throws
 * only for errors other than unavailability (e.g. the stream does not exist).
 *
 * Pulls `CONSUME_PULL_MESSAGES` at a time, as `consumeBatches` does (see there), never by bytes:
 * nats.js's byte-bounded pulls count the unused bytes of a request the server completed by count
 * as still pending and ask for less each time, until the pull is smaller than a message and
 * delivery stops until the watcher ends the consumer (its heartbeats stop, ~2 s): a follower of
 * a log written at 3,000 events/s waited ~3 s every few seconds, and so did the live hub's
 * clients under load (live-rate.test.ts).
 */
export function replay(bus: Bus, opts: ReplayOptions): AsyncIterable<StoredEvent> {
  return replayPulling(bus, opts, { max_messages: CONSUME_PULL_MESSAGES });
}

/** How many messages `replayPulling` asks for at once (tests: a large count, to show drops). */
export type ReplayPull = { max_messages: number };

/** `replay` with the pull's bound given (not exported by the barrel). */
export async function* replayPulling(
  bus: Bus,
  opts: ReplayOptions,
  pull: ReplayPull,
): AsyncIterable<StoredEvent> {
  const { signal } = opts;
  let last = Math.max(0, opts.afterSeq);
  let attempt = 0;
  // since when replay waits for the next message (undefined while its caller holds one)
  let waitingSince: number | undefined;
  const waitingMs = () => (waitingSince === undefined ? 0 : Date.now() - waitingSince);
  while (!signal?.aborted && !bus.nc.isClosed()) {
    let consumer: Consumer | undefined;
    let messages: ConsumerMessages | undefined;
    let unwatch = () => {};
    const onAbort = () => void messages?.close();
    try {
      consumer = await bus.js.consumers.get(bus.stream, {
        deliver_policy: DeliverPolicy.StartSequence,
        opt_start_seq: last + 1,
      });
      messages = await consumer.consume({ ...pull, idle_heartbeat: HEARTBEAT_MS });
      waitingSince = Date.now();
      unwatch = watchConsumer(consumer, messages, waitingMs, () => last);
      signal?.addEventListener('abort', onAbort, { once: true });
      if (signal?.aborted) break;
      for await (const m of messages) {
        if (m.seq <= last) continue;
        const stored = toStoredEvent(m);
        last = m.seq;
        attempt = 0;
        waitingSince = undefined;
        yield stored;
        waitingSince = Date.now();
      }
      // The iterator stopped by itself (connection closed, or the client gave up): start over.
    } catch (err) {
      if (signal?.aborted || bus.nc.isClosed()) break;
      if (!isBusUnavailable(err)) throw toBusError(err, 'replay');
    } finally {
      unwatch();
      signal?.removeEventListener('abort', onAbort);
      if (messages) await messages.close().catch(() => {});
      if (consumer && !bus.nc.isClosed()) void consumer.delete().catch(() => {});
    }
    await sleep(backoffMs(attempt++), signal);
  }
}
