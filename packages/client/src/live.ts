import type { CloudEvent } from '@rcpx/contracts';
import { LiveClosedError, RcpxError, isFatalStatus } from './errors.ts';
import { TOKEN_REVOKED, sseConnection, wsConnection } from './live-transport.ts';
import type { LiveMessage } from './live-transport.ts';

/** Options of `client.live()`. */
export interface LiveOptions {
  /** Theme slugs (any of them). */
  themes?: string[];
  /** Participant slugs (any of them). */
  participants?: string[];
  /** Event types (any of them). */
  types?: string[];
  /** ISO 3166-1 alpha-2 codes (any of them: the event's countries or a meeting's host). */
  countries?: string[];
  /** ISO 3166-1 alpha-2 codes: events of every process one of these states is a member of. */
  memberStates?: string[];
  /** Resume: every matching event with a higher seq comes first. Default: live from now. */
  after?: number;
  /** Ends the iteration. */
  signal?: AbortSignal;
  /** `ws` (default) or `sse`. */
  transport?: 'ws' | 'sse';
  /** Reconnect delays: `initialMs` (default 250) doubling up to `maxMs` (default 30 000). */
  backoff?: { initialMs?: number; maxMs?: number };
  /** Called on every (re)connection state change, e.g. for a connection indicator. */
  onStatus?: (status: LiveStatus) => void;
}

/** Connection states reported to `onStatus`. */
export type LiveStatus =
  | { state: 'connecting'; attempt: number }
  | { state: 'open'; after: number | undefined }
  | { state: 'reconnecting'; attempt: number; delayMs: number; error?: unknown };

interface LiveContext {
  baseUrl: string;
  token: string | undefined;
  fetch: typeof fetch;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

function liveUrl(ctx: LiveContext, opts: LiveOptions, after: number | undefined, ws: boolean): URL {
  const url = new URL('/v1/live', ctx.baseUrl);
  if (ws) url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  if (opts.themes?.length) url.searchParams.set('themes', opts.themes.join(','));
  if (opts.participants?.length) url.searchParams.set('participants', opts.participants.join(','));
  if (opts.types?.length) url.searchParams.set('types', opts.types.join(','));
  if (opts.countries?.length) url.searchParams.set('countries', opts.countries.join(','));
  if (opts.memberStates?.length) url.searchParams.set('memberState', opts.memberStates.join(','));
  if (after !== undefined) url.searchParams.set('after', String(after));
  return url;
}

/**
 * The live events matching the filters, as an async iterable. Reconnects by itself with
 * exponential backoff and resumes after the last seq it yielded, so the sequence it yields has
 * no gap and no duplicate across reconnects. Ends when `signal` aborts; throws `RcpxError` when
 * the request is refused for good (400, 401, 403…) and `LiveClosedError` when the token is
 * revoked.
 */
export async function* liveEvents(ctx: LiveContext, opts: LiveOptions): AsyncGenerator<CloudEvent> {
  const outer = opts.signal;
  const ac = new AbortController();
  const stop = () => ac.abort();
  outer?.addEventListener('abort', stop, { once: true });
  if (outer?.aborted) ac.abort();
  const signal = ac.signal;
  const initialMs = opts.backoff?.initialMs ?? 250;
  const maxMs = opts.backoff?.maxMs ?? 30_000;
  const useWs = (opts.transport ?? 'ws') === 'ws';
  let after = opts.after;
  let attempt = 0;
  try {
    while (!signal.aborted) {
      opts.onStatus?.({ state: 'connecting', attempt });
      const url = liveUrl(ctx, opts, after, useWs);
      const conn: AsyncGenerator<LiveMessage> = useWs
        ? wsConnection(url, ctx.token, signal)
        : sseConnection(url, ctx.token, signal, ctx.fetch);
      let error: unknown;
      const openedAt = Date.now();
      try {
        for await (const msg of conn) {
          if (msg.kind === 'event') {
            const seq = msg.event.rcpxseq;
            if (after !== undefined && seq <= after) continue;
            after = seq;
            attempt = 0;
            yield msg.event;
          } else if (msg.kind === 'open') {
            after ??= msg.after;
            opts.onStatus?.({ state: 'open', after });
          } else {
            if (msg.code === TOKEN_REVOKED) {
              throw new LiveClosedError('The token was revoked.', msg.code);
            }
            if (msg.after !== undefined) {
              after = Math.max(after ?? msg.after, msg.after);
              attempt = 0;
            }
          }
        }
      } catch (err) {
        if (err instanceof LiveClosedError) throw err;
        if (err instanceof RcpxError && isFatalStatus(err.status)) throw err;
        error = err;
      } finally {
        await conn.return(undefined);
      }
      if (signal.aborted) break;
      // A connection that lived a while counts as a success: reconnect at once.
      if (Date.now() - openedAt > 5_000) attempt = 0;
      const delayMs = attempt === 0 ? 0 : Math.min(maxMs, initialMs * 2 ** (attempt - 1));
      attempt++;
      opts.onStatus?.({ state: 'reconnecting', attempt, delayMs, error });
      await sleep(delayMs * (0.8 + Math.random() * 0.4), signal);
    }
  } finally {
    outer?.removeEventListener('abort', stop);
    ac.abort();
  }
}
