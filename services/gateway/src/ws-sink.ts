import type { Writable } from 'node:stream';
import type { WebSocket } from 'ws';
import { LIVE_CLOSE, slowConsumerReason } from './close-codes.ts';
import type { Frame } from './frame.ts';
import type { LiveSink } from './live-sink.ts';

/** Resolves on the writable's next 'drain' or 'close' (at once when nothing is queued). */
export function drainedOf(w: Writable): Promise<void> {
  if (!w.writableNeedDrain || w.destroyed) return new Promise((r) => setImmediate(r));
  return new Promise((resolve) => {
    const done = () => {
      w.off('drain', done);
      w.off('close', done);
      resolve();
    };
    w.on('drain', done);
    w.on('close', done);
  });
}

// Write coalescing. The hub offers frames one event at a time; when several events arrive
// together (a burst read from NATS, or a backlog after a stall), a socket's second and later
// frames within the same tick are corked and leave in one writev at the end of the tick. The
// first frame of a tick is written at once, so a lone event costs no extra latency or work.
let tick = 0;
let tickScheduled = false;
const corked: WsSink[] = [];

function endTick(): void {
  tick++;
  tickScheduled = false;
  for (const sink of corked.splice(0)) sink.uncork();
}

/** The current tick's number; the tick ends once this tick's synchronous work and microtasks are done. */
function currentTick(): number {
  if (!tickScheduled) {
    tickScheduled = true;
    process.nextTick(endTick);
  }
  return tick;
}

/** A live connection over a WebSocket: one text message per event. */
export class WsSink implements LiveSink {
  #alive = true;
  #lastTick = -1;
  #corked = false;

  /**
   * @param ws the accepted WebSocket
   * @param socket its TCP socket: frames are written to it directly (and 'drain' awaited)
   * @param onClose called once the WebSocket has closed
   */
  constructor(
    private readonly ws: WebSocket,
    private readonly socket: Writable,
    onClose: () => void,
  ) {
    ws.on('pong', () => {
      this.#alive = true;
    });
    ws.once('close', onClose);
  }

  write(frame: Frame): void {
    // The frame is built once for every connection: one write of a shared buffer. Safe beside
    // `ws`'s own writes (pings, close): without permessage-deflate they go straight to the
    // socket too, whole frames in order (corked or not).
    if (this.ws.readyState !== this.ws.OPEN) return;
    const now = currentTick();
    if (this.#lastTick !== now) this.#lastTick = now;
    else if (!this.#corked) {
      this.#corked = true;
      this.socket.cork();
      corked.push(this);
    }
    this.socket.write(frame.ws);
  }

  /** Sends the frames corked during this tick (one writev). */
  uncork(): void {
    if (!this.#corked) return;
    this.#corked = false;
    this.socket.uncork();
  }

  get buffered(): number {
    return this.ws.bufferedAmount;
  }

  drained(): Promise<void> {
    return drainedOf(this.socket);
  }

  heartbeat(): void {
    if (!this.#alive) {
      this.ws.terminate();
      return;
    }
    this.#alive = false;
    if (this.ws.readyState === this.ws.OPEN) this.ws.ping();
  }

  overflow(after: number): void {
    this.ws.close(LIVE_CLOSE.slowConsumer, slowConsumerReason(after));
  }

  revoked(): void {
    this.ws.close(LIVE_CLOSE.tokenRevoked, 'token revoked');
  }

  shutdown(): void {
    this.ws.close(LIVE_CLOSE.goingAway, 'server shutting down');
  }

  fail(): void {
    this.ws.close(LIVE_CLOSE.internalError, 'internal error');
  }
}
