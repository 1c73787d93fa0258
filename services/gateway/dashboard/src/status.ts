import type { LiveStatus } from '@rcpx/client';

/** What the connection indicator shows. */
export type Indicator = 'connecting' | 'live' | 'reconnecting' | 'offline' | 'asof';

/** Failed attempts in a row after which the indicator says offline (about 8 s of backoff). */
export const OFFLINE_AFTER_ATTEMPTS = 5;

/**
 * The connection indicator's state machine over `live()`'s status reports and the browser's
 * online/offline events: connecting until the first open, then live; reconnecting while a lost
 * connection is retried, offline after several failures or when the browser is offline; live
 * again as soon as a connection opens.
 */
export class ConnectionIndicator {
  state: Indicator = 'connecting';
  #browserOffline = false;

  /** Applies a status of `live()`; returns the new state. */
  onStatus(status: LiveStatus): Indicator {
    if (status.state === 'open') this.state = 'live';
    else if (status.state === 'reconnecting') {
      this.state =
        this.#browserOffline || status.attempt >= OFFLINE_AFTER_ATTEMPTS
          ? 'offline'
          : 'reconnecting';
    } else if (this.state === 'live') this.state = 'reconnecting';
    return this.state;
  }

  /** The browser went offline (`offline` event) or back online. */
  onBrowser(online: boolean): Indicator {
    this.#browserOffline = !online;
    if (!online && this.state !== 'asof') this.state = 'offline';
    else if (online && this.state === 'offline') this.state = 'reconnecting';
    return this.state;
  }

  /** A fatal error (refused token…): offline until the next attempt opens. */
  onFatal(): Indicator {
    this.state = 'offline';
    return this.state;
  }
}
