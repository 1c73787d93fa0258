import type { MsgHdrs } from '@nats-io/transport-node';
import type { CloudEvent } from '@rcpx/contracts';

/** A message of the log: the event (with `rcpxseq` = `seq`) and its envelope. */
export interface StoredEvent {
  seq: number;
  subject: string;
  event: CloudEvent;
  headers: Record<string, string>;
  msgId?: string;
  storedAt: Date;
}

export const MSG_ID_HEADER = 'Nats-Msg-Id';

// Added by the server (direct get metadata, publish expectations): not part of the event's headers.
const SERVER_HEADERS = new Set(
  [
    'Nats-Stream',
    'Nats-Sequence',
    'Nats-Time-Stamp',
    'Nats-Subject',
    'Nats-Last-Sequence',
    'Nats-Num-Pending',
    'Nats-Expected-Stream',
    'Nats-Expected-Last-Sequence',
    'Nats-Expected-Last-Subject-Sequence',
    'Nats-Expected-Last-Msg-Id',
  ].map((h) => h.toLowerCase()),
);

const decoder = new TextDecoder();

function headerRecord(h: MsgHdrs | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!h) return out;
  for (const [k, values] of h) {
    if (SERVER_HEADERS.has(k.toLowerCase())) continue;
    const v = values[values.length - 1];
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/** Builds a StoredEvent from a message's parts; the payload is the event without `rcpxseq`. */
export function toStoredEvent(m: {
  seq: number;
  subject: string;
  data: Uint8Array;
  headers: MsgHdrs | undefined;
  time: Date;
}): StoredEvent {
  const seq = m.seq;
  const event = JSON.parse(decoder.decode(m.data)) as CloudEvent;
  event.rcpxseq = seq; // a fresh object: set in place
  const headers = headerRecord(m.headers);
  const stored: StoredEvent = { seq, subject: m.subject, event, headers, storedAt: m.time };
  const msgId = headers[MSG_ID_HEADER];
  if (msgId !== undefined) stored.msgId = msgId;
  return stored;
}
