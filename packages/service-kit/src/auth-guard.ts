import { LRUCache } from 'lru-cache';
import type { BaseConfig } from './config.ts';
import { problem } from './problem.ts';

export interface AuthGuardOptions {
  /** Failed authentications per address and window before 429 (default 20; 0 turns it off). */
  maxFailures?: number;
  /** The window of `maxFailures`, in ms (default 60 000). */
  windowMs?: number;
  /** How long a hash that matched nothing is refused without a lookup, in ms (default 30 000). */
  badTtlMs?: number;
  /** How many such hashes (and addresses) are remembered, least recently used first out. */
  cacheSize?: number;
}

interface Tally {
  /** Failed authentications in the window. */
  failures: number;
  resetAt: number;
  /** Lookups running now. */
  pending: number;
  /** Callers waiting for a running lookup to settle. */
  waiters: (() => void)[];
}

/**
 * Limits failed authentications (bearer tokens, feed keys) per client address, and remembers
 * the hashes that matched nothing (a bounded LRU with a short TTL) so repeating one costs no
 * database lookup. Only failures count: a lookup that finds its credential costs nothing. So
 * that a burst of concurrent bad credentials cannot run more lookups than the limit, an address
 * runs at most as many lookups at once as it has failures left; the others wait for those to
 * settle (a found one frees its place, a failed one counts), then run or get 429.
 */
export class AuthGuard {
  readonly #max: number;
  readonly #windowMs: number;
  readonly #bad: LRUCache<string, true>;
  readonly #tallies: LRUCache<string, Tally>;

  constructor(opts: AuthGuardOptions = {}) {
    this.#max = opts.maxFailures ?? 20;
    this.#windowMs = opts.windowMs ?? 60_000;
    const size = opts.cacheSize ?? 10_000;
    this.#bad = new LRUCache({ max: size, ttl: Math.max(1, opts.badTtlMs ?? 30_000) });
    this.#tallies = new LRUCache({ max: size });
  }

  /**
   * Runs `lookup` for the credential with `hash` from `address` unless the address is over its
   * limit (throws a 429 problem with Retry-After) or the hash is known to match nothing
   * (undefined without a lookup). Undefined results count as failures of the address.
   */
  async verify<T>(
    address: string,
    hash: string,
    lookup: () => Promise<T | undefined>,
  ): Promise<T | undefined> {
    const tally = this.#tally(address);
    if (this.#max > 0) {
      for (;;) {
        this.#refuseIfOver(tally);
        if (tally.failures + tally.pending < this.#max) break;
        await new Promise<void>((resolve) => tally.waiters.push(resolve));
      }
    }
    if (this.#bad.has(hash)) {
      tally.failures += 1;
      return undefined;
    }
    tally.pending += 1;
    try {
      // a lookup that throws (database down) is not the client's failure
      const found = await lookup();
      if (found === undefined) {
        this.#bad.set(hash, true);
        tally.failures += 1;
      }
      return found;
    } finally {
      tally.pending -= 1;
      for (const wake of tally.waiters.splice(0)) wake();
    }
  }

  /** Forgets that `hash` matched nothing (call it when such a credential is created). */
  forget(hash: string): void {
    this.#bad.delete(hash);
  }

  #refuseIfOver(tally: Tally): void {
    const now = Date.now();
    if (now >= tally.resetAt) {
      tally.failures = 0;
      tally.resetAt = now + this.#windowMs;
    }
    if (tally.failures >= this.#max) {
      throw problem.tooMany(
        Math.max(1, Math.ceil((tally.resetAt - now) / 1000)),
        'Too many failed authentications from this address; retry later.',
      );
    }
  }

  #tally(address: string): Tally {
    let t = this.#tallies.get(address);
    if (!t) {
      t = { failures: 0, resetAt: Date.now() + this.#windowMs, pending: 0, waiters: [] };
      this.#tallies.set(address, t);
    }
    return t;
  }
}

/** The `RCPX_AUTH_*` part of a config, each optional. */
export type AuthGuardConfig = Partial<
  Pick<
    BaseConfig,
    | 'RCPX_AUTH_FAILURES'
    | 'RCPX_AUTH_FAILURE_WINDOW_MS'
    | 'RCPX_AUTH_BAD_TTL_MS'
    | 'RCPX_AUTH_CACHE_SIZE'
  >
>;

/** The guard's options from the `RCPX_AUTH_*` variables of a config (defaults for the rest). */
export function authGuardOptions(config: AuthGuardConfig): AuthGuardOptions {
  return {
    ...(config.RCPX_AUTH_FAILURES !== undefined ? { maxFailures: config.RCPX_AUTH_FAILURES } : {}),
    ...(config.RCPX_AUTH_FAILURE_WINDOW_MS !== undefined
      ? { windowMs: config.RCPX_AUTH_FAILURE_WINDOW_MS }
      : {}),
    ...(config.RCPX_AUTH_BAD_TTL_MS !== undefined ? { badTtlMs: config.RCPX_AUTH_BAD_TTL_MS } : {}),
    ...(config.RCPX_AUTH_CACHE_SIZE !== undefined
      ? { cacheSize: config.RCPX_AUTH_CACHE_SIZE }
      : {}),
  };
}
