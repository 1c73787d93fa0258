import pg from 'pg';

/** The channel on which the projector announces each committed checkpoint (`pg_notify`). */
export const CHECKPOINT_CHANNEL = 'rcpx_checkpoint';

const RETRY_MS = [100, 250, 500, 1_000, 2_000];

/** What a checkpoint notice announces: the read models of `schema` are at `seq`. */
export interface CheckpointNotice {
  schema: string;
  seq: number;
}

/** The payload of a notice (`<schema> <seq>`), as `notifyCheckpoint` sends it. */
export function parseCheckpointNotice(payload: string | undefined): CheckpointNotice | undefined {
  const m = /^(\S+) (\d+)$/.exec(payload ?? '');
  const seq = Number(m?.[2]);
  return m && Number.isSafeInteger(seq) ? { schema: m[1]!, seq } : undefined;
}
const IDLE_CLOSE_MS = 30_000;

/**
 * One `LISTEN rcpx_checkpoint` connection shared by everything that waits for the read models
 * (one per pool, see `checkpointNotices`). Subscribers are called on every notice and whenever
 * the connection is (re)established, since notices sent while it was down are lost. It connects
 * on the first subscription, reconnects with backoff, and closes after 30 s without subscribers.
 */
export class CheckpointNotices {
  readonly #config: pg.ClientConfig;
  readonly #subscribers = new Set<(notice?: CheckpointNotice) => void>();
  #client: pg.Client | null = null;
  #listening = false;
  #closed = false;
  #failures = 0;
  #timer: NodeJS.Timeout | null = null;

  constructor(config: pg.ClientConfig) {
    this.#config = config;
  }

  /** True while notices arrive: waiters may wait long between checks. */
  get listening(): boolean {
    return this.#listening;
  }

  /**
   * Calls `fn` on every notice, with what it announces (nothing when the connection is
   * (re)established: anything may have committed meanwhile; or for a payload of another form),
   * until the returned function is called.
   */
  subscribe(fn: (notice?: CheckpointNotice) => void): () => void {
    this.#subscribers.add(fn);
    if (this.#timer && this.#client) this.#clearTimer(); // an idle close was pending
    if (!this.#client && !this.#timer && !this.#closed) this.#connect();
    return () => {
      this.#subscribers.delete(fn);
      if (this.#subscribers.size === 0 && this.#client && !this.#timer) {
        this.#timer = setTimeout(() => {
          this.#timer = null;
          if (this.#subscribers.size === 0) this.#drop();
        }, IDLE_CLOSE_MS).unref();
      }
    };
  }

  /** Ends the connection for good. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#clearTimer();
    const client = this.#client;
    this.#drop();
    await client?.end().catch(() => {});
  }

  #connect(): void {
    const client = new pg.Client(this.#config);
    this.#client = client;
    const lost = () => {
      if (this.#client !== client) return;
      this.#drop();
      if (this.#closed || this.#subscribers.size === 0) return;
      const delay = RETRY_MS[Math.min(this.#failures++, RETRY_MS.length - 1)]!;
      this.#timer = setTimeout(() => {
        this.#timer = null;
        if (!this.#closed && this.#subscribers.size > 0) this.#connect();
      }, delay).unref();
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', (msg) => {
      if (msg.channel === CHECKPOINT_CHANNEL) this.#emit(parseCheckpointNotice(msg.payload));
    });
    client
      .connect()
      .then(() => client.query(`listen ${CHECKPOINT_CHANNEL}`))
      .then(() => {
        if (this.#client !== client) return void client.end().catch(() => {});
        this.#listening = true;
        this.#failures = 0;
        this.#emit();
      })
      .catch(lost);
  }

  #drop(): void {
    const client = this.#client;
    this.#client = null;
    this.#listening = false;
    if (client) void client.end().catch(() => {});
  }

  #clearTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #emit(notice?: CheckpointNotice): void {
    for (const fn of [...this.#subscribers]) fn(notice);
  }
}
