import type { MsgHdrs } from '@nats-io/transport-node';
import type { CloudEvent } from '@rcpx/contracts';

/** A message of the log: the event (with `rcpxseq` = `seq`) and its envelope. */
export interface StoredEvent {
  seq: number;
  subject: string;
  event: CloudEvent;
  /**
   * `event` as JSON text: the log's own bytes with `rcpxseq` added as the last member (which
   * wins over one in the payload, as it does in `event`), so writers need not stringify again.
   */
  json: string;
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

// The text of a JSON object with `"rcpxseq":seq` as its last member: the object ends with its
// last `}`; a comma goes before the new member unless the object is empty.
function withSeq(text: string, seq: number): string {
  const end = text.lastIndexOf('}');
  let i = end - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r'))
    i--;
  const empty = text[i] === '{';
  return `${text.slice(0, end)}${empty ? '' : ','}"rcpxseq":${seq}}`;
}

function parsePayload(text: string, seq: number): { event: CloudEvent; json: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { event: { rcpxseq: seq } as CloudEvent, json: `{"rcpxseq":${seq}}` };
  }
  const event = value as CloudEvent;
  const json = withSeq(text, seq);
  event.rcpxseq = seq; // a fresh object: set in place
  return { event, json };
}

/**
 * Builds a StoredEvent from a message's parts; the payload is the event without `rcpxseq`. Never
 * throws: a payload that is no JSON object reads as `{ rcpxseq }` alone, which consumers refuse
 * as an invalid event instead of wedging on it.
 */
export function toStoredEvent(m: {
  seq: number;
  subject: string;
  data: Uint8Array;
  headers: MsgHdrs | undefined;
  time: Date;
}): StoredEvent {
  const seq = m.seq;
  const { event, json } = parsePayload(decoder.decode(m.data), seq);
  const headers = headerRecord(m.headers);
  const stored: StoredEvent = { seq, subject: m.subject, event, json, headers, storedAt: m.time };
  const msgId = headers[MSG_ID_HEADER];
  if (msgId !== undefined) stored.msgId = msgId;
  return stored;
}
