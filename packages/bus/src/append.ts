import { headers as natsHeaders } from '@nats-io/transport-node';
import { JetStreamApiError } from '@nats-io/jetstream';
import type { JetStreamPublishOptions, PubAck } from '@nats-io/jetstream';
import { natsSubjectsPrefix, type NewEvent } from '@rcpx/contracts';
import { assertConnected, DEFAULT_TIMEOUT_MS } from './connect.ts';
import type { Bus } from './connect.ts';
import { nextTurn } from './next-turn.ts';
import {
  BusUnavailableError,
  ERR_WRONG_LAST_SEQUENCE,
  toBusError,
  WrongLastSequenceError,
} from './errors.ts';

export interface AppendOptions {
  /** `Nats-Msg-Id`: a second append with the same id within 24 h stores nothing. */
  msgId?: string;
  /** The subject's current last seq; 0 = the subject must be empty. */
  expectedLastSubjectSeq?: number;
  headers?: Record<string, string>;
  /** Default 2000. */
  timeoutMs?: number;
}

export interface AppendResult {
  seq: number;
  /** True when `msgId` was already stored: `seq` is the original message's. */
  duplicate: boolean;
}

/**
 * Appends one event to `subject` (payload = the event without `rcpxseq`).
 *
 * Order of the server's checks (nats-server 2.9.10, established by append.test.ts): the msg-id
 * dedupe comes FIRST. A publish whose `msgId` is already stored answers `duplicate: true` with the
 * original seq even when `expectedLastSubjectSeq` no longer matches; a rejected publish
 * (wrong last sequence) does not record its msg id.
 *
 * @throws WrongLastSequenceError when `expectedLastSubjectSeq` does not match.
 * @throws BusUnavailableError when not connected, on timeout or without responders — the outcome is
 *   then unknown (the message may still be stored): retry with the same `msgId`.
 */
export async function append(
  bus: Bus,
  subject: string,
  event: NewEvent,
  opts: AppendOptions = {},
): Promise<AppendResult> {
  const log = natsSubjectsPrefix(bus.prefix);
  if (!subject.startsWith(log)) {
    throw new Error(`append: subject ${subject} is outside ${log}>`);
  }
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const pubOpts: Partial<JetStreamPublishOptions> = { timeout: timeoutMs };
  if (opts.msgId !== undefined) pubOpts.msgID = opts.msgId;
  if (opts.expectedLastSubjectSeq !== undefined) {
    // The client sends the header for any number, 0 included ("the subject must be empty").
    pubOpts.expect = { lastSubjectSequence: opts.expectedLastSubjectSeq };
  }
  if (opts.headers) {
    const h = natsHeaders();
    for (const [k, v] of Object.entries(opts.headers)) h.set(k, v);
    pubOpts.headers = h;
  }
  const { rcpxseq: _ignored, ...payload } = event as NewEvent & { rcpxseq?: number };

  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new BusUnavailableError(`append: no ack within ${timeoutMs} ms`)),
      timeoutMs + 50,
    );
  });
  const body = JSON.stringify(payload);
  let ack: PubAck;
  try {
    // the appends of this turn of the event loop are published together: one socket write
    await nextTurn();
    assertConnected(bus, 'append');
    ack = await Promise.race([bus.js.publish(subject, body, pubOpts), deadline]);
  } catch (err) {
    if (err instanceof JetStreamApiError && err.code === ERR_WRONG_LAST_SEQUENCE) {
      throw new WrongLastSequenceError(subject, opts.expectedLastSubjectSeq ?? -1, { cause: err });
    }
    throw toBusError(err, 'append');
  } finally {
    clearTimeout(timer);
  }
  return { seq: ack.seq, duplicate: ack.duplicate === true };
}
