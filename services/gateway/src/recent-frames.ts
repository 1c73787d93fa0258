import type { Frame } from './frame.ts';

/**
 * The most recent frames the hub broadcast, bounded by count and bytes, so that a client that
 * resumes from a recent seq catches up from memory instead of the log. Covers exactly the seqs
 * in `(base, last]`: every event of the log in that range is in it.
 */
export class RecentFrames {
  #frames: Frame[] = [];
  #head = 0;
  #bytes = 0;
  #base: number;

  constructor(
    base: number,
    private readonly maxFrames: number,
    private readonly maxBytes: number,
  ) {
    this.#base = base;
  }

  /** Every frame with seq > base is here (until evicted, which raises base). */
  get base(): number {
    return this.#base;
  }

  get length(): number {
    return this.#frames.length - this.#head;
  }

  push(frame: Frame): void {
    if (this.maxFrames <= 0) {
      this.#base = frame.seq;
      return;
    }
    this.#frames.push(frame);
    this.#bytes += frame.size;
    while (this.length > this.maxFrames || (this.#bytes > this.maxBytes && this.length > 1)) {
      const old = this.#frames[this.#head++]!;
      this.#bytes -= old.size;
      this.#base = old.seq;
    }
    if (this.#head > 1024 && this.#head * 2 > this.#frames.length) {
      this.#frames = this.#frames.slice(this.#head);
      this.#head = 0;
    }
  }

  /** The frames with seq > after, oldest first; `null` when `after` is older than `base`. */
  after(after: number): Frame[] | null {
    if (after < this.#base) return null;
    // Binary search for the first frame with seq > after.
    let lo = this.#head;
    let hi = this.#frames.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#frames[mid]!.seq <= after) lo = mid + 1;
      else hi = mid;
    }
    return this.#frames.slice(lo);
  }
}
