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

/** A live connection over a WebSocket: one text message per event. */
export class WsSink implements LiveSink {
  #alive = true;

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
    // socket too, whole frames in order.
    if (this.ws.readyState === this.ws.OPEN) this.socket.write(frame.ws);
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
