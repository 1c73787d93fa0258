import type { ServerResponse } from 'node:http';
import type { Frame } from './frame.ts';
import type { LiveSink } from './live-sink.ts';
import { drainedOf } from './ws-sink.ts';

const PING = Buffer.from(': ping\n\n');
/** How long an ended stream may take to flush before its socket is destroyed. */
const END_GRACE_MS = 10_000;

/** A live connection over Server-Sent Events: `id:` is the seq, `event:` the type. */
export class SseSink implements LiveSink {
  constructor(
    private readonly res: ServerResponse,
    onClose: () => void,
  ) {
    res.once('close', onClose);
  }

  write(frame: Frame): void {
    if (!this.res.writableEnded) this.res.write(frame.sse);
  }

  get buffered(): number {
    return this.res.writableLength;
  }

  drained(): Promise<void> {
    return drainedOf(this.res);
  }

  heartbeat(): void {
    if (!this.res.writableEnded) this.res.write(PING);
  }

  overflow(after: number): void {
    // `id:` makes an EventSource resume after that seq by itself.
    this.#end(`id: ${after}\nevent: overflow\ndata: ${JSON.stringify({ after })}\n\n`);
  }

  revoked(): void {
    this.#end('event: revoked\ndata: {}\n\n');
  }

  shutdown(): void {
    this.#end('');
  }

  fail(): void {
    this.#end('');
  }

  #end(last: string): void {
    if (this.res.writableEnded) return;
    this.res.end(last);
    // A peer that stopped reading never lets the end flush: do not hold its buffer for ever.
    const timer = setTimeout(() => this.res.destroy(), END_GRACE_MS);
    timer.unref();
    this.res.once('close', () => clearTimeout(timer));
  }
}
