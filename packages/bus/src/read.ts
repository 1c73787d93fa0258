import type { DirectMsgRequest, StoredMsg } from '@nats-io/jetstream';
import { assertConnected } from './connect.ts';
import type { Bus } from './connect.ts';
import { toBusError } from './errors.ts';
import { toStoredEvent } from './stored-event.ts';
import type { StoredEvent } from './stored-event.ts';

// Direct get (the stream has allow_direct): answered by any replica, no consumer involved.
async function directGet(bus: Bus, query: DirectMsgRequest): Promise<StoredEvent | null> {
  assertConnected(bus, 'read');
  let m: StoredMsg | null;
  try {
    m = await bus.jsm.direct.getMessage(bus.stream, query);
  } catch (err) {
    throw toBusError(err, 'read');
  }
  if (!m) return null;
  return toStoredEvent({
    seq: m.seq,
    subject: m.subject,
    data: m.data,
    headers: m.header,
    time: m.time,
  });
}

/** The message at `seq`, or null when there is none. */
export function readBySeq(bus: Bus, seq: number): Promise<StoredEvent | null> {
  if (!Number.isSafeInteger(seq) || seq < 1) return Promise.resolve(null);
  return directGet(bus, { seq });
}

/** The last message on `subject`, or null when the subject is empty. */
export function lastOnSubject(bus: Bus, subject: string): Promise<StoredEvent | null> {
  return directGet(bus, { last_by_subj: subject });
}

/** An aggregate's whole history (every message on `subject`), oldest first. */
export async function* readSubject(bus: Bus, subject: string): AsyncIterable<StoredEvent> {
  let seq = 1;
  for (;;) {
    const next = await directGet(bus, { next_by_subj: subject, seq });
    if (!next) return;
    yield next;
    seq = next.seq + 1;
  }
}
