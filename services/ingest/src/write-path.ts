import {
  append,
  readBySeq,
  subjectFor,
  WrongLastSequenceError,
  type Bus,
  type StoredEvent,
} from '@rcpx/bus';
import { parseEventSubject, type NewEvent, type WriteResult } from '@rcpx/contracts';
import { problem } from '@rcpx/service-kit';
import type { Idempotency } from './idempotency.ts';

/** Header of a stored write: sha256 of the canonical request. */
export const BODY_HASH_HEADER = 'Rcpx-Body-Hash';
/** Header of a stored write: the HTTP status of the first response. */
export const STATUS_HEADER = 'Rcpx-Status';
/** How long a key is remembered (the stream's duplicate window). */
export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;

export type WriteStatus = 200 | 201;

/** What a write answers: its status, where the written thing is read and `{id, version, seq}`. */
export interface WriteOutcome {
  status: WriteStatus;
  /** `/v1/<the event's CloudEvent subject>`: `/v1/practices/<id>`, `/v1/queries/<q>/replies/<r>`. */
  location: string;
  result: WriteResult;
  /** True when this answers a retry of an earlier write (nothing was appended). */
  replayed: boolean;
}

export interface AppendWriteInput {
  /** The aggregate whose NATS subject takes the event: `<prefix>.events.<kind>.<id>`. */
  kind: string;
  id: string;
  event: NewEvent;
  status: WriteStatus;
  /** 0 for a creation; the last seq of the aggregate's subject for a revision. */
  expectedLastSubjectSeq: number;
  idempotency: Idempotency | undefined;
}

function header(headers: Record<string, string>, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

/**
 * Answers a retry from the message its key stored first: 422 when that message came from another
 * request (method, path or body), else the original `{id, version, seq}` and status.
 */
export function answerDuplicate(stored: StoredEvent | null, idem: Idempotency): WriteOutcome {
  if (!stored) {
    throw problem.conflict('The first write with this Idempotency-Key is no longer in the log.');
  }
  if (header(stored.headers, BODY_HASH_HEADER) !== idem.bodyHash) {
    throw problem.unprocessable(
      'This Idempotency-Key was already used for another request (a different method, path or body).',
    );
  }
  // the written item: the subject's last uuid (a reply's, not its query's)
  const id = parseEventSubject(stored.event.subject)?.id;
  if (id === undefined) throw new Error(`stored event ${stored.seq} has no item subject`);
  const status = Number(header(stored.headers, STATUS_HEADER)) === 201 ? 201 : 200;
  return {
    status,
    location: `/v1/${stored.event.subject}`,
    result: { id, version: stored.event.rcpxversion, seq: stored.seq },
    replayed: true,
  };
}

/** Whether `stored` was stored under `msgId` within the last 24 h. */
function isUnder(stored: StoredEvent, msgId: string, since: number): boolean {
  return stored.msgId === msgId && stored.storedAt.getTime() >= since;
}

/** The message of an (already read) history stored under `msgId` within the last 24 h, if any. */
export function storedUnder(history: readonly StoredEvent[], msgId: string): StoredEvent | null {
  const since = Date.now() - IDEMPOTENCY_WINDOW_MS;
  return history.find((s) => isUnder(s, msgId, since)) ?? null;
}

/** A write's outcome, or `conflict` when another write moved the subject first. */
export type TryAppendResult = { ok: true; outcome: WriteOutcome } | { ok: false; conflict: true };

/**
 * Appends a write's event with optimistic concurrency and msg-id dedupe. A duplicate ack answers
 * the original write; a wrong last sequence answers `conflict` (the caller re-decides or fails).
 * BusUnavailableError propagates (→ 503 with Retry-After).
 */
export async function tryAppendWrite(bus: Bus, input: AppendWriteInput): Promise<TryAppendResult> {
  const subject = subjectFor(bus, input.kind, input.id);
  const idem = input.idempotency;
  let ack: { seq: number; duplicate: boolean };
  try {
    ack = await append(bus, subject, input.event, {
      expectedLastSubjectSeq: input.expectedLastSubjectSeq,
      ...(idem
        ? {
            msgId: idem.msgId,
            headers: { [BODY_HASH_HEADER]: idem.bodyHash, [STATUS_HEADER]: String(input.status) },
          }
        : {}),
    });
  } catch (err) {
    if (err instanceof WrongLastSequenceError) return { ok: false, conflict: true };
    throw err;
  }
  if (ack.duplicate && idem) {
    return { ok: true, outcome: answerDuplicate(await readBySeq(bus, ack.seq), idem) };
  }
  const id = parseEventSubject(input.event.subject)?.id ?? input.id;
  return {
    ok: true,
    outcome: {
      status: input.status,
      location: `/v1/${input.event.subject}`,
      result: { id, version: input.event.rcpxversion, seq: ack.seq },
      replayed: false,
    },
  };
}
