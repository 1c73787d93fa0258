/**
 * How the live endpoint ends a connection (documented in docs/live.md).
 * WebSocket close codes; SSE streams send the named event, then end.
 */
export const LIVE_CLOSE = {
  /** The server is shutting down: reconnect (elsewhere) and resume. SSE: the stream just ends. */
  goingAway: 1001,
  /** Unexpected server error: reconnect and resume. */
  internalError: 1011,
  /** The connection's token was revoked: do not reconnect with it. SSE: `event: revoked`. */
  tokenRevoked: 4001,
  /**
   * The client read too slowly and its send buffer overflowed. The reason is
   * `slow consumer; after=<seq>`: every matching event up to that seq was sent; resume with
   * `after=<seq>`. SSE: `event: overflow` with `data: {"after":<seq>}`.
   */
  slowConsumer: 4008,
} as const;

/** The WebSocket close reason of a slow-consumer close. */
export const slowConsumerReason = (after: number): string => `slow consumer; after=${after}`;
