import { DeliverPolicy } from '@nats-io/jetstream';
import type { Consumer, ConsumerMessages } from '@nats-io/jetstream';
import type { Bus } from './connect.ts';
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

/**
 * The log in seq order from `afterSeq + 1`, then live events as they are appended, through an
 * ordered consumer. Survives reconnects and server restarts without gaps or repeats (the consumer
 * is recreated after the last seq yielded). Ends when `signal` aborts, when the caller stops
 * iterating, or when the bus is closed. Throws only for errors other than unavailability
 * (e.g. the stream does not exist).
 */
export async function* replay(bus: Bus, opts: ReplayOptions): AsyncIterable<StoredEvent> {
  const { signal } = opts;
  let last = Math.max(0, opts.afterSeq);
  let attempt = 0;
  while (!signal?.aborted && !bus.nc.isClosed()) {
    let consumer: Consumer | undefined;
    let messages: ConsumerMessages | undefined;
    const onAbort = () => void messages?.close();
    try {
      consumer = await bus.js.consumers.get(bus.stream, {
        deliver_policy: DeliverPolicy.StartSequence,
        opt_start_seq: last + 1,
      });
      messages = await consumer.consume({ max_messages: 1024 });
      signal?.addEventListener('abort', onAbort, { once: true });
      if (signal?.aborted) break;
      for await (const m of messages) {
        if (m.seq <= last) continue;
        const stored = toStoredEvent(m);
        last = m.seq;
        attempt = 0;
        yield stored;
      }
      // The iterator stopped by itself (connection closed, or the client gave up): start over.
    } catch (err) {
      if (signal?.aborted || bus.nc.isClosed()) break;
      if (!isBusUnavailable(err)) throw toBusError(err, 'replay');
    } finally {
      signal?.removeEventListener('abort', onAbort);
      if (messages) await messages.close().catch(() => {});
      if (consumer && !bus.nc.isClosed()) void consumer.delete().catch(() => {});
    }
    await sleep(backoffMs(attempt++), signal);
  }
}
