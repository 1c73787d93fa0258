import { WebSocket } from 'ws';

/** What one live client saw: every seq is checked against the previous one as it arrives. */
export interface LiveClient {
  readonly transport: 'ws' | 'sse';
  /** The last seq received (0 before any). */
  readonly last: number;
  /** Events received. */
  readonly received: number;
  /** Arrivals that skipped seqs (seq > last + 1); meaningful only without a theme filter. */
  readonly gaps: number;
  /** Arrivals at or below the last seq (a duplicate or out of order). */
  readonly duplicates: number;
  /** Connections opened after the first (each resumed from `last`). */
  readonly resumes: number;
  /** Closes the connection and stops reconnecting. */
  close(): void;
}

export interface LiveClientOptions {
  transport: 'ws' | 'sse';
  /** The instances to connect to, asked before each connection; the client moves on each time. */
  targets: () => readonly string[];
  /** Picks the first target. */
  index: number;
  /** Resume point of the first connection (default 0: from the start of the log). */
  after?: number;
  /** Only events with one of these themes (default: every event). */
  themes?: readonly string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A raw live client (no client-side dedupe, so the server's guarantees are what is measured): on
 * any disconnect it reconnects to the next instance, resuming after the last seq it received
 * (`after=` for WebSocket, `Last-Event-ID` for SSE).
 */
export function startLiveClient(opts: LiveClientOptions): LiveClient {
  let last = opts.after ?? 0;
  let received = 0;
  let gaps = 0;
  let duplicates = 0;
  let connections = 0;
  let closed = false;
  let abort = new AbortController();
  let ws: WebSocket | undefined;
  const filter = opts.themes?.length ? `&themes=${opts.themes.join(',')}` : '';

  const onSeq = (seq: number) => {
    received++;
    if (seq <= last) duplicates++;
    else {
      if (seq > last + 1) gaps++;
      last = seq;
    }
  };

  const connectWs = (base: string) =>
    new Promise<void>((resolve) => {
      const url = `${base.replace(/^http/, 'ws')}/v1/live?after=${last}${filter}`;
      const socket = new WebSocket(url);
      ws = socket;
      socket.on('message', (data: Buffer) => {
        const seq = (JSON.parse(data.toString()) as { rcpxseq?: unknown }).rcpxseq;
        if (typeof seq === 'number') onSeq(seq);
      });
      socket.on('error', () => {});
      socket.on('close', () => resolve());
    });

  const connectSse = async (base: string) => {
    abort = new AbortController();
    const res = await fetch(`${base}/v1/live${filter ? `?${filter.slice(1)}` : ''}`, {
      headers: {
        accept: 'text/event-stream',
        ...(last > 0 ? { 'last-event-id': String(last) } : {}),
      },
      signal: abort.signal,
    });
    if (!res.ok || !res.body) {
      await res.body?.cancel();
      return;
    }
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block
          .split('\n')
          .filter((l) => l.startsWith('data:'))
          .map((l) => l.slice(5).trimStart())
          .join('\n');
        if (!data) continue;
        const seq = (JSON.parse(data) as { rcpxseq?: unknown }).rcpxseq;
        if (typeof seq === 'number') onSeq(seq);
      }
    }
  };

  void (async () => {
    for (let n = opts.index; !closed; n++) {
      const targets = opts.targets();
      const base = targets[n % Math.max(targets.length, 1)];
      if (base) {
        connections++;
        try {
          await (opts.transport === 'ws' ? connectWs(base) : connectSse(base));
        } catch {
          // refused or cut: resume elsewhere
        }
      }
      if (!closed) await sleep(100);
    }
  })();

  return {
    transport: opts.transport,
    get last() {
      return last;
    },
    get received() {
      return received;
    },
    get gaps() {
      return gaps;
    },
    get duplicates() {
      return duplicates;
    },
    get resumes() {
      return Math.max(0, connections - 1);
    },
    close() {
      closed = true;
      ws?.terminate();
      abort.abort();
    },
  };
}
