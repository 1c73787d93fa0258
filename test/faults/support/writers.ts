/** An acknowledged write: the key it was sent with and the answer it finally got. */
export interface Ack {
  key: string;
  id: string;
  seq: number;
  /** 201, or 200 when answered as the replay of a write that had landed. */
  status: number;
  /** Whether the answer was marked `Idempotent-Replayed: true`. */
  replayed: boolean;
  /** When the ack arrived (ms, `performance.now()` clock). */
  at: number;
  themes: string[];
}

export interface WriteLoadOptions {
  /** The instances to write through (their base URLs), asked before every attempt. */
  targets: () => readonly string[];
  /** A publisher token. */
  token: string;
  /** Concurrent writers (default 16). */
  writers?: number;
  /** Pause between two writes of one writer (default 0). */
  pauseMs?: number;
  /** Idempotency keys are `<prefix>-<writer>-<n>`; titles carry the key. */
  prefix: string;
  /** Per attempt (default 5 s): a request taking longer is abandoned and retried. */
  requestTimeoutMs?: number;
  /** The themes of a writer's `n`th practice (default `['labour-migration']`). */
  themes?: (n: number) => string[];
}

export interface WriteLoad {
  readonly acked: readonly Ack[];
  /** Attempts that failed (503, 502, connection refused/reset, timeout) and were retried. */
  readonly retries: number;
  /** Answers no careful client expects (anything but 201/200/503/429), with the key. */
  readonly unexpected: readonly string[];
  /** Writes whose outcome was still unknown when the load had to give up (at `stop`). */
  readonly abandoned: number;
  /** Stops starting writes; each writer first finishes (retries until acked) its current one. */
  stop(graceMs?: number): Promise<void>;
}

/** The body of the practice written with `key` (the same on every retry). */
export function practiceBody(key: string, themes = ['labour-migration']): string {
  return JSON.stringify({
    title: { en: `fault load ${key}` },
    summary: { en: 'Written by the fault tests through a careful client.' },
    themes,
    countries: ['PH'],
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Writers that each create practices one after another, every write with its own Idempotency-Key,
 * as a careful client does: a 503, a 429, a refused or dropped connection or a timeout is retried
 * with the same key and body (through the next instance, backing off up to 1 s) until answered.
 */
export function startWriteLoad(opts: WriteLoadOptions): WriteLoad {
  const acked: Ack[] = [];
  const unexpected: string[] = [];
  let retries = 0;
  let abandoned = 0;
  let stopping = false;
  let giveUpAt = Infinity;
  const timeoutMs = opts.requestTimeoutMs ?? 5_000;

  async function write(writer: number, key: string, themes: string[]): Promise<void> {
    const body = practiceBody(key, themes);
    for (let attempt = 0; ; attempt++) {
      if (Date.now() > giveUpAt) {
        abandoned++;
        return;
      }
      const targets = opts.targets();
      const base = targets[(writer + attempt) % Math.max(targets.length, 1)];
      let status = 0;
      if (base) {
        try {
          const res = await fetch(`${base}/v1/practices`, {
            method: 'POST',
            headers: {
              authorization: `Bearer ${opts.token}`,
              'content-type': 'application/json',
              'idempotency-key': key,
            },
            body,
            signal: AbortSignal.timeout(timeoutMs),
          });
          status = res.status;
          const text = await res.text();
          if (status === 201 || status === 200) {
            const { id, seq } = JSON.parse(text) as { id: string; seq: number };
            const replayed = res.headers.get('idempotent-replayed') === 'true';
            acked.push({ key, id, seq, status, replayed, at: performance.now(), themes });
            return;
          }
          if (status !== 503 && status !== 502 && status !== 429) {
            unexpected.push(`${key}: ${status} ${text.slice(0, 300)}`);
            return;
          }
        } catch {
          // refused, reset or timed out: the outcome is unknown, the retry settles it
        }
      }
      retries++;
      await sleep(Math.min(1_000, 50 * 2 ** Math.min(attempt, 5)));
    }
  }

  const running = Array.from({ length: opts.writers ?? 16 }, async (_, writer) => {
    for (let n = 0; !stopping; n++) {
      const themes = opts.themes?.(n) ?? ['labour-migration'];
      await write(writer, `${opts.prefix}-${writer}-${n}`, themes);
      if (opts.pauseMs) await sleep(opts.pauseMs);
    }
  });

  return {
    acked,
    unexpected,
    get retries() {
      return retries;
    },
    get abandoned() {
      return abandoned;
    },
    async stop(graceMs = 60_000) {
      stopping = true;
      giveUpAt = Date.now() + graceMs;
      await Promise.all(running);
    },
  };
}

/**
 * The longest stretch without an acknowledged write between `from` and `to` (ms, the acks'
 * clock): the write unavailability a client saw around a fault.
 */
export function longestAckGap(acks: readonly Ack[], from: number, to: number): number {
  const times = acks
    .map((a) => a.at)
    .filter((t) => t >= from && t <= to)
    .sort((a, b) => a - b);
  let prev = from;
  let gap = 0;
  for (const t of [...times, to]) {
    gap = Math.max(gap, t - prev);
    prev = t;
  }
  return gap;
}
