import type { Frame } from './frame.ts';

/** The transport end of a live connection (WebSocket or SSE). */
export interface LiveSink {
  /** Queues one frame (never blocks). */
  write(frame: Frame): void;
  /** Bytes queued in user space and not yet handed to the kernel. */
  readonly buffered: number;
  /** Resolves once the queue has drained (or the sink closed). */
  drained(): Promise<void>;
  /** Pings the peer; closes it when the previous ping got no answer (WS). */
  heartbeat(): void;
  /** Ends the connection: the client was too slow; every matching event ≤ `after` was sent. */
  overflow(after: number): void;
  /** Ends the connection: its token was revoked. */
  revoked(): void;
  /** Ends the connection: the server is closing. */
  shutdown(): void;
  /** Ends the connection after an unexpected error. */
  fail(): void;
}
