import { subjectFor, type Bus } from '@rcpx/bus';
import type { NewEvent } from '@rcpx/contracts';
import { plainJetStream } from '../bench/raw-limits.ts';

/** One event of a generated log and the NATS subject's kind and id it is appended under. */
export interface LogEvent {
  kind: string;
  id: string;
  event: NewEvent;
}

/**
 * Publishes a generated log raw, in windows of 1,000 (one connection: stored in publish order).
 * Returns how many, how long, and the last seq stored.
 */
export async function publishLog(bus: Bus, url: string, events: readonly LogEvent[]) {
  const plain = await plainJetStream(url);
  try {
    let last = 0;
    const started = performance.now();
    for (let i = 0; i < events.length; i += 1000) {
      const acks = await Promise.all(
        events
          .slice(i, i + 1000)
          .map(({ kind, id, event }) =>
            plain.js.publish(subjectFor(bus, kind, id), JSON.stringify(event)),
          ),
      );
      for (const ack of acks) last = Math.max(last, ack.seq);
    }
    return { events: events.length, seconds: (performance.now() - started) / 1000, last };
  } finally {
    await plain.close();
  }
}
