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
  count: number;
  resetAt: number;
}

/**
 * Limits failed authentications (bearer tokens, feed keys) per client address, and remembers
 * the hashes that matched nothing (a bounded LRU with a short TTL) so repeating one costs no
 * database lookup. A lookup is charged to its address before it runs and refunded when it
 * succeeds, so a burst of concurrent bad credentials cannot run more lookups than the limit.
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
    this.#tallies = new LRUCache({ max: size, ttl: this.#windowMs, ttlAutopurge: false });
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
    if (this.#max > 0 && tally.count >= this.#max) {
      throw problem.tooMany(
        Math.max(1, Math.ceil((tally.resetAt - Date.now()) / 1000)),
        'Too many failed authentications from this address; retry later.',
      );
    }
    tally.count += 1;
    if (this.#bad.has(hash)) return undefined;
    let found: T | undefined;
    try {
      found = await lookup();
    } catch (err) {
      tally.count -= 1; // a failed lookup (database down) is not the client's failure
      throw err;
    }
    if (found === undefined) this.#bad.set(hash, true);
    else tally.count = Math.max(0, tally.count - 1);
    return found;
  }

  /** Forgets that `hash` matched nothing (call it when such a credential is created). */
  forget(hash: string): void {
    this.#bad.delete(hash);
  }

  #tally(address: string): Tally {
    const now = Date.now();
    let t = this.#tallies.get(address);
    if (!t || now >= t.resetAt) {
      t = { count: 0, resetAt: now + this.#windowMs };
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
