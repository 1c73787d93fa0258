import type { Reader } from '@rcpx/contracts';
import type { WithheldSeqs } from './current-audience.ts';
import type { Frame } from './frame.ts';
import type { LiveFilter } from './live-filter.ts';
import type { LiveHub, LiveSubscriber } from './live-hub.ts';
import type { CloseReason } from './live-metrics.ts';
import type { LiveSink } from './live-sink.ts';

export interface LiveConnectionOptions {
  hub: LiveHub;
  filter: LiveFilter;
  /** Resume: send every matching event with seq > after first. Absent: live from now. */
  after?: number | undefined;
  /** Above this many queued bytes a live frame overflows the connection. */
  maxBufferedBytes: number;
  /** Above this many live frames held while catching up, the connection overflows. */
  maxPendingFrames: number;
  /**
   * Catch-up only: which of the frames the reader may read by their own visibility it may no
   * longer read (their item has narrowed since). Absent: each frame's own visibility decides.
   */
  withheld?: WithheldSeqs | undefined;
  /** Called once when the connection ends, with why. */
  onClose?: (reason: CloseReason) => void;
  /** Reports unexpected errors. */
  onError?: (err: unknown) => void;
}

const NONE: ReadonlySet<number> = new Set();

type State = 'pending' | 'catching-up' | 'live' | 'closed';

/** A catch-up checks the current audience of its frames in chunks of this many (or bytes). */
export const AUDIENCE_CHUNK_FRAMES = 256;
const AUDIENCE_CHUNK_BYTES = 1024 * 1024;
/** …or once it covers this many seqs (a rare match must not hold the resume point back). */
const AUDIENCE_CHUNK_SPAN = 4096;

/**
 * One live connection. It subscribes to the hub when created (before the transport exists), so
 * nothing broadcast from then on is missed. With `after` below the hub's position it first sends
 * the matching events in (after, hub position] — from the hub's memory or from the log — while
 * holding the live frames that arrive meanwhile; then it sends those held frames (skipping any
 * seq already sent) and switches to live delivery. No gap, no duplicate, whatever arrives.
 * Catch-up frames are history: they are also checked against their item's current audience
 * (`withheld`), in chunks; live and held frames are current by definition.
 */
export class LiveConnection implements LiveSubscriber {
  readonly reader: Reader;
  /** The seq this stream starts after (`after`, or the hub's position for a live-only stream). */
  readonly startAfter: number;
  #state: State = 'pending';
  /** Every matching event with seq ≤ position has been queued to the sink. */
  #position: number;
  /** The hub's position when this connection subscribed: where catch-up ends. */
  readonly #upTo: number;
  #source: Iterable<Frame> | AsyncIterable<Frame> | null = null;
  #pending: Frame[] = [];
  #pendingHead = 0;
  #hubSeen = 0;
  #sink: LiveSink | null = null;
  #overflowed = false;
  /** Catch-up: the bytes queued when the last heartbeat found it waiting for the socket. */
  #stalledAt: number | null = null;
  #waitingForDrain = false;
  readonly #unsubscribe: () => void;
  readonly #abort = new AbortController();

  constructor(private readonly opts: LiveConnectionOptions) {
    const { hub } = opts;
    this.reader = opts.filter.reader;
    this.#upTo = hub.position;
    this.#hubSeen = this.#upTo;
    // Subscribing and reading the hub's position/memory happen in one synchronous step.
    this.#unsubscribe = hub.subscribe(this);
    const after = opts.after;
    if (after === undefined || after >= this.#upTo) {
      this.#position = after ?? this.#upTo;
    } else {
      this.#position = after;
      this.#source = hub.recent(after) ?? hub.fromLog(after, this.#upTo, this.#abort.signal);
    }
    this.startAfter = this.#position;
  }

  /** Every matching event with seq ≤ this has been sent: the seq to resume after. */
  get position(): number {
    return this.#position;
  }

  get closed(): boolean {
    return this.#state === 'closed';
  }

  /** Starts delivery through `sink` (catch-up first, then live). */
  attach(sink: LiveSink): void {
    if (this.#sink) throw new Error('LiveConnection: already attached');
    this.#sink = sink;
    if (this.#state === 'closed') {
      if (this.#overflowed) sink.overflow(this.#position);
      else sink.shutdown();
      return;
    }
    this.#state = 'catching-up';
    void this.#catchUp().catch((err: unknown) => {
      this.opts.onError?.(err);
      this.#sink?.fail();
      this.close('error');
    });
  }

  offer(frame: Frame): void {
    const state = this.#state;
    if (state === 'live') {
      // A resume point beyond the hub (another gateway's hub was ahead): skip up to it.
      if (frame.seq <= this.#position) return;
      if (this.opts.filter.matches(frame)) {
        const sink = this.#sink!;
        if (sink.buffered >= this.opts.maxBufferedBytes) return this.#overflow();
        sink.write(frame);
      }
      this.#position = frame.seq;
    } else if (state !== 'closed') {
      this.#hubSeen = frame.seq;
      if (this.opts.filter.matches(frame)) {
        this.#pending.push(frame);
        if (this.#pending.length - this.#pendingHead > this.opts.maxPendingFrames) {
          this.#overflow();
        }
      }
    }
  }

  /**
   * Sends a heartbeat (ping / comment) once the transport exists. A catch-up that has been
   * waiting for its socket since the previous heartbeat with nothing taken by the peer is a
   * slow consumer: closed with its resume seq (it must not look alive while stuck).
   */
  heartbeat(): void {
    if (this.#state === 'closed') return;
    const sink = this.#sink;
    if (!sink) return;
    if (this.#waitingForDrain) {
      const queued = sink.buffered;
      if (this.#stalledAt !== null && queued >= this.#stalledAt) return this.#overflow();
      this.#stalledAt = queued;
    }
    sink.heartbeat();
  }

  /** Closes the connection because its token was revoked. */
  revoke(): void {
    if (this.#state === 'closed') return;
    this.#sink?.revoked();
    this.close('revoked');
  }

  /** Closes the connection because the server is closing. */
  shutdown(): void {
    if (this.#state === 'closed') return;
    this.#sink?.shutdown();
    this.close('shutdown');
  }

  /** Releases everything (idempotent); called too when the transport closes. */
  close(reason: CloseReason = 'client'): void {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    this.#unsubscribe();
    this.#abort.abort();
    this.#pending = [];
    this.#source = null;
    this.opts.onClose?.(reason);
  }

  #overflow(): void {
    this.#overflowed = true;
    this.#sink?.overflow(this.#position);
    this.close('slow_consumer');
  }

  /** Queues a catch-up frame, waiting for the transport when its queue is full. */
  async #send(frame: Frame): Promise<boolean> {
    const sink = this.#sink!;
    while (sink.buffered >= this.opts.maxBufferedBytes / 2) {
      this.#waitingForDrain = true;
      await sink.drained();
      this.#waitingForDrain = false;
      this.#stalledAt = null;
      if (this.#state === 'closed') return false;
    }
    sink.write(frame);
    this.#position = frame.seq;
    return true;
  }

  /**
   * Sends the frames of `chunk` (in seq order) that the reader may still read, then marks
   * everything up to `end` done (withheld and non-matching seqs included).
   */
  async #sendChecked(chunk: Frame[], end: number): Promise<boolean> {
    const withheld = await this.#withheld(chunk);
    if (this.#state === 'closed') return false;
    for (const frame of chunk) {
      if (withheld.has(frame.seq)) continue;
      if (!(await this.#send(frame))) return false;
    }
    this.#position = Math.max(this.#position, end);
    return true;
  }

  /** The seqs of `frames` withheld under their items' current audience. */
  async #withheld(frames: Frame[]): Promise<ReadonlySet<number>> {
    const check = this.opts.withheld;
    if (!check || frames.length === 0) return NONE;
    const reader = this.reader;
    // A publisher reads its own items whatever their audience.
    const seqs = frames
      .filter((f) => reader.kind !== 'participant' || f.participant !== reader.participant)
      .map((f) => f.seq);
    return seqs.length === 0 ? NONE : check(reader, seqs);
  }

  async #catchUp(): Promise<void> {
    const { filter } = this.opts;
    const source = this.#source;
    this.#source = null;
    if (source) {
      // Matching frames waiting for their audience check, and the last seq the chunk covers.
      const chunkFrames = this.opts.withheld ? AUDIENCE_CHUNK_FRAMES : 1;
      let chunk: Frame[] = [];
      let chunkBytes = 0;
      let chunkEnd = 0;
      for await (const frame of source) {
        if (this.#state === 'closed') return;
        if (frame.seq <= this.#position || frame.seq <= chunkEnd) continue;
        if (frame.seq > this.#upTo) break;
        if (filter.matches(frame)) {
          chunk.push(frame);
          chunkBytes += frame.json.length;
        } else if (chunk.length === 0) {
          this.#position = frame.seq;
          continue;
        }
        chunkEnd = frame.seq;
        if (
          chunk.length >= chunkFrames ||
          chunkBytes >= AUDIENCE_CHUNK_BYTES ||
          chunkEnd - this.#position >= AUDIENCE_CHUNK_SPAN
        ) {
          if (!(await this.#sendChecked(chunk, chunkEnd))) return;
          chunk = [];
          chunkBytes = 0;
        }
      }
      if (this.#state === 'closed') return;
      if (chunkEnd > this.#position && !(await this.#sendChecked(chunk, chunkEnd))) return;
    }
    // Events in (position, upTo] that the source did not yield match nothing (or are gone).
    this.#position = Math.max(this.#position, this.#upTo);
    // The frames held meanwhile; more may arrive while we wait for the transport.
    while (this.#pendingHead < this.#pending.length) {
      const frame = this.#pending[this.#pendingHead]!;
      this.#pending[this.#pendingHead++] = undefined as unknown as Frame;
      if (frame.seq <= this.#position) continue;
      if (!(await this.#send(frame))) return;
    }
    if (this.#state === 'closed') return;
    this.#position = Math.max(this.#position, this.#hubSeen);
    this.#pending = [];
    this.#pendingHead = 0;
    this.#state = 'live';
  }
}
