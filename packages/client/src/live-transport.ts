import type { CloudEvent, Problem } from '@rcpx/contracts';
import { Channel } from './channel.ts';
import { RcpxError } from './errors.ts';
import { parseSse } from './sse-parser.ts';

/** What one live connection reports to the reconnecting loop. */
export type LiveMessage =
  | { kind: 'open'; after: number | undefined }
  | { kind: 'event'; event: CloudEvent }
  /** The server ended the stream; `after` (slow consumer) says where to resume. */
  | { kind: 'closed'; code?: number; reason?: string; after?: number };

/** The WebSocket close code / SSE event of a slow consumer and of a revoked token. */
export const SLOW_CONSUMER = 4008;
export const TOKEN_REVOKED = 4001;

const toNumber = (v: unknown): number | undefined => {
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN;
  return Number.isSafeInteger(n) ? n : undefined;
};

async function problemOf(status: number, text: string, headers?: Headers): Promise<RcpxError> {
  let problem: Problem | undefined;
  try {
    problem = JSON.parse(text) as Problem;
  } catch {
    problem = undefined;
  }
  return new RcpxError(status, problem, headers);
}

const isNode = typeof process !== 'undefined' && process.versions?.node !== undefined;

/** One WebSocket connection (`ws` in Node, the browser's WebSocket elsewhere). */
export async function* wsConnection(
  url: URL,
  token: string | undefined,
  signal: AbortSignal,
): AsyncGenerator<LiveMessage> {
  if (!isNode && typeof globalThis.WebSocket === 'function') {
    yield* browserWs(url, token, signal);
    return;
  }
  const { WebSocket } = await import('ws');
  const ws = new WebSocket(url, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
    perMessageDeflate: false,
  });
  const ch = new Channel<LiveMessage>({
    highWater: 1000,
    pause: () => ws.pause(),
    resume: () => ws.resume(),
  });
  const abort = () => ws.terminate();
  signal.addEventListener('abort', abort, { once: true });
  ws.on('upgrade', (res) => ch.push({ kind: 'open', after: toNumber(res.headers['rcpx-after']) }));
  ws.on('message', (data) => {
    try {
      ch.push({ kind: 'event', event: JSON.parse(String(data)) as CloudEvent });
    } catch {
      // Not an event: ignore.
    }
  });
  ws.on('unexpected-response', (req, res) => {
    let body = '';
    res.setEncoding('utf8');
    res.on('data', (c: string) => (body += c));
    res.on('end', () => {
      void problemOf(res.statusCode ?? 0, body).then((err) => ch.end(err));
      req.destroy();
    });
    res.on('error', (err) => ch.end(err));
  });
  ws.on('error', (err) => ch.end(err));
  ws.on('close', (code, reason) => {
    const text = reason.toString();
    const after = code === SLOW_CONSUMER ? toNumber(/after=(\d+)/.exec(text)?.[1]) : undefined;
    ch.push({ kind: 'closed', code, reason: text, ...(after !== undefined ? { after } : {}) });
    ch.end();
  });
  try {
    yield* ch;
  } finally {
    signal.removeEventListener('abort', abort);
    if (ws.readyState !== ws.CLOSED) ws.terminate();
  }
}

async function* browserWs(
  url: URL,
  token: string | undefined,
  signal: AbortSignal,
): AsyncGenerator<LiveMessage> {
  if (token) url.searchParams.set('access_token', token);
  const ws = new globalThis.WebSocket(url);
  const ch = new Channel<LiveMessage>();
  const abort = () => ws.close();
  signal.addEventListener('abort', abort, { once: true });
  ws.onopen = () => ch.push({ kind: 'open', after: undefined });
  ws.onmessage = (e: MessageEvent) => {
    try {
      ch.push({ kind: 'event', event: JSON.parse(String(e.data)) as CloudEvent });
    } catch {
      // Not an event: ignore.
    }
  };
  ws.onclose = (e: CloseEvent) => {
    const after =
      e.code === SLOW_CONSUMER ? toNumber(/after=(\d+)/.exec(e.reason)?.[1]) : undefined;
    ch.push({
      kind: 'closed',
      code: e.code,
      reason: e.reason,
      ...(after !== undefined ? { after } : {}),
    });
    ch.end();
  };
  try {
    yield* ch;
  } finally {
    signal.removeEventListener('abort', abort);
    if (ws.readyState !== ws.CLOSED) ws.close();
  }
}

/** One Server-Sent Events stream over fetch. */
export async function* sseConnection(
  url: URL,
  token: string | undefined,
  signal: AbortSignal,
  fetchFn: typeof fetch,
): AsyncGenerator<LiveMessage> {
  const local = new AbortController();
  const abort = () => local.abort();
  signal.addEventListener('abort', abort, { once: true });
  try {
    const res = await fetchFn(url, {
      headers: {
        accept: 'text/event-stream',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      signal: local.signal,
    });
    if (!res.ok || !res.body) {
      throw await problemOf(res.status, await res.text().catch(() => ''), res.headers);
    }
    yield { kind: 'open', after: toNumber(res.headers.get('rcpx-after') ?? undefined) };
    for await (const msg of parseSse(res.body)) {
      if (msg.event === 'overflow') {
        const after = toNumber(msg.id) ?? toNumber(/"after":(\d+)/.exec(msg.data)?.[1]);
        yield { kind: 'closed', code: SLOW_CONSUMER, ...(after !== undefined ? { after } : {}) };
        return;
      }
      if (msg.event === 'revoked') {
        yield { kind: 'closed', code: TOKEN_REVOKED, reason: 'token revoked' };
        return;
      }
      if (msg.data === '') continue;
      try {
        yield { kind: 'event', event: JSON.parse(msg.data) as CloudEvent };
      } catch {
        // Not an event: ignore.
      }
    }
    yield { kind: 'closed' };
  } finally {
    signal.removeEventListener('abort', abort);
    local.abort();
  }
}
