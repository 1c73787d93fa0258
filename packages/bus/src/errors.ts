import { errors } from '@nats-io/transport-node';
import { JetStreamApiError } from '@nats-io/jetstream';

/** JetStream API error code: the subject's last sequence is not the expected one. */
export const ERR_WRONG_LAST_SEQUENCE = 10071;

/**
 * NATS is unreachable, closed, or did not answer in time. For `append` the outcome is unknown:
 * the message may still be stored later, so a retry must carry the same msg id.
 */
export class BusUnavailableError extends Error {
  override readonly name = 'BusUnavailableError';
  constructor(message = 'message bus unavailable', options?: ErrorOptions) {
    super(message, options);
  }
}

/** `append` with `expectedLastSubjectSeq`: another message was appended to the subject first. */
export class WrongLastSequenceError extends Error {
  override readonly name = 'WrongLastSequenceError';
  constructor(
    readonly subject: string,
    readonly expectedLastSubjectSeq: number,
    options?: ErrorOptions,
  ) {
    super(`wrong last sequence on ${subject}: expected ${expectedLastSubjectSeq}`, options);
  }
}

const UNAVAILABLE_NAMES = new Set([
  'BusUnavailableError',
  'ClosedConnectionError',
  'DrainingConnectionError',
  'ConnectionError',
  'TimeoutError',
  'NoResponders',
  'JetStreamNotEnabled',
]);

function isUnavailableOne(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (err instanceof BusUnavailableError) return true;
  if (
    err instanceof errors.ClosedConnectionError ||
    err instanceof errors.DrainingConnectionError ||
    err instanceof errors.ConnectionError ||
    err instanceof errors.TimeoutError ||
    err instanceof errors.NoRespondersError
  ) {
    return true;
  }
  if (err instanceof errors.RequestError && err.isNoResponders()) return true;
  if (err instanceof JetStreamApiError) return err.status === 503 || err.status === 408;
  // JetStreamStatusError (direct get) carries the status as `code`.
  const code = (err as { code?: unknown }).code;
  if (err.name === 'JetStreamStatusError' && (code === 503 || code === 408)) return true;
  return UNAVAILABLE_NAMES.has(err.name);
}

/** True when `err` (or one of its causes) means NATS is unreachable or did not answer in time. */
export function isBusUnavailable(err: unknown): boolean {
  let e: unknown = err;
  for (let depth = 0; e !== undefined && e !== null && depth < 5; depth++) {
    if (isUnavailableOne(e)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** Wrap connection-level failures into BusUnavailableError; leave other errors as they are. */
export function toBusError(err: unknown, what: string): unknown {
  if (err instanceof BusUnavailableError) return err;
  if (isBusUnavailable(err)) {
    const detail = err instanceof Error ? err.message : String(err);
    return new BusUnavailableError(`${what}: ${detail}`, { cause: err });
  }
  return err;
}
