import t from 'tap';
import { get } from 'node:http';
import { WebSocket } from 'ws';
import type { Bus } from '@rcpx/bus';
import { appendPracticeEvent, startNatsServer, waitFor } from '@rcpx/testing';
import { LIVE_CLOSE } from './close-codes.ts';
import { publish, startGateway } from './test-support.ts';

// Many concurrent resumes from the log, over a log with large events: every connection gets the
// whole history, then the new event — or is closed as a slow consumer with its last seq and
// resumes from there. None may stop part-way while looking alive, and the gateway must never
// make the NATS server drop messages on its connection (a "slow consumer" there loses messages
// of the catch-ups and of the hub alike).

const EVENTS = 2_000;
const LARGE_EVERY = 10; // 200 large events
const CONNECTIONS = 8;
/** Generous: the whole run takes a few seconds; a stalled connection never finishes. */
const FINISH_MS = 120_000;

/** ~40 KB of text in `lang`. */
const text = (lang: string, n: number) =>
  `${lang}:${n} `.padEnd(40_000, lang === 'fr' ? 'é à ç ' : lang === 'es' ? 'ñ ó í ' : 'w ');

/** Appends the log quickly: small events, and every tenth ~120 KB (summary, body: 3 languages). */
async function buildLog(bus: Bus): Promise<void> {
  for (let i = 0; i < EVENTS; i += 50) {
    await Promise.all(
      Array.from({ length: 50 }, (_, k) => {
        const n = i + k;
        const large = n % LARGE_EVERY === 0;
        return appendPracticeEvent(bus, {
          participant: 'bali-process',
          data: {
            title: { en: `Practice ${n}`, fr: `Pratique ${n}`, es: `Práctica ${n}` },
            ...(large
              ? {
                  summary: { en: text('en', n).slice(0, 9_000), fr: text('fr', n).slice(0, 9_000) },
                  body: { en: text('en', n), fr: text('fr', n), es: text('es', n) },
                }
              : {}),
            themes: ['trafficking'],
            visibility: { level: 'public' },
          },
        });
      }),
    );
  }
}

interface Result {
  seqs: number[];
  connections: number;
}

/** How one connection ended: the server closed it (a WS close, or the SSE stream's end). */
interface End {
  code?: number;
  reason?: string;
  /** SSE: the seq of an `event: overflow`. */
  overflow?: number;
}

interface Conn {
  seqs: number[];
  end: End | undefined;
  error: Error | undefined;
  close(): void;
}

/**
 * One connection that records only the seqs it receives (cheap: the events are large and many).
 * WS: the seq is the `rcpxseq` member that ends each message. SSE: the `id:` of each event.
 */
function connect(gw: { url: string; wsUrl: string }, transport: 'ws' | 'sse', after: number): Conn {
  const c: Conn = { seqs: [], end: undefined, error: undefined, close: () => {} };
  const failed = (err: Error) => (c.error = err);
  if (transport === 'ws') {
    const ws = new WebSocket(`${gw.wsUrl}?after=${after}`);
    c.close = () => ws.terminate();
    ws.on('message', (data: Buffer) => {
      c.seqs.push(Number(/"rcpxseq":(\d+)\}$/.exec(data.subarray(-40).toString('latin1'))![1]));
    });
    ws.once('error', failed);
    ws.once('close', (code, reason) => (c.end = { code, reason: String(reason) }));
    return c;
  }
  const req = get(`${gw.url}/v1/live?after=${after}`, { headers: { accept: 'text/event-stream' } });
  c.close = () => req.destroy();
  req.once('error', failed);
  req.once('response', (res) => {
    if (res.statusCode !== 200) failed(new Error(`SSE answered ${res.statusCode}`));
    let tail = '';
    let overflow: number | undefined;
    res.on('data', (chunk: Buffer) => {
      const text = tail + chunk.toString('latin1');
      const frame = /\nid: (\d+)\nevent: ([^\n]+)\n/g;
      for (let m; (m = frame.exec(text));) {
        if (m.index + m[0].length <= tail.length) continue; // seen with the previous chunk
        if (m[2] === 'overflow') overflow = Number(m[1]);
        else c.seqs.push(Number(m[1]));
      }
      tail = text.slice(-64);
    });
    res.once('close', () => (c.end = overflow === undefined ? {} : { overflow }));
  });
  return c;
}

/**
 * Reads from `after=0` until the event `last()` over one transport, resuming after a 4008 /
 * `event: overflow` with the seq it carries; any other end fails.
 */
async function readAll(
  gw: { url: string; wsUrl: string },
  transport: 'ws' | 'sse',
  last: () => number,
): Promise<Result> {
  const r: Result = { seqs: [], connections: 0 };
  let after = 0;
  for (;;) {
    r.connections++;
    const c = connect(gw, transport, after);
    const done = () => c.seqs.at(-1) === last();
    await waitFor(() => done() || c.end || c.error, { timeoutMs: FINISH_MS }).catch(() => {
      throw new Error(`${transport} stalled after seq ${c.seqs.at(-1)}`);
    });
    r.seqs.push(...c.seqs);
    if (c.error) throw c.error;
    if (done()) {
      c.close();
      return r;
    }
    let resumeAfter: number;
    if (transport === 'ws') {
      if (c.end!.code !== LIVE_CLOSE.slowConsumer) throw new Error(`WS closed: ${c.end!.code}`);
      resumeAfter = Number(/after=(\d+)/.exec(c.end!.reason!)![1]);
    } else {
      if (c.end!.overflow === undefined) throw new Error('the SSE stream ended without overflow');
      resumeAfter = c.end!.overflow;
    }
    if (resumeAfter < (r.seqs.at(-1) ?? 0)) {
      throw new Error(`resume point ${resumeAfter} is before the last seq received`);
    }
    after = resumeAfter;
  }
}

t.test(
  `${CONNECTIONS} concurrent resumes from the log over large events all complete`,
  async (t) => {
    const slowConsumer: string[] = [];
    const nats = await startNatsServer({
      onLog: (line) => void (/slow consumer/i.test(line) && slowConsumer.push(line)),
    });
    t.teardown(() => nats.dispose());
    // The gateway has its own NATS connection (the test's stands for ingest's), and no memory of
    // recent events: every resume reads the log, as after a restart.
    const gw = await startGateway(t, {
      natsUrl: nats.url,
      ownConnection: true,
      hub: { recentFrames: 0 },
    });
    const t0 = Date.now();
    await buildLog(gw.bus);
    t.comment(`log built in ${Date.now() - t0} ms`);
    await waitFor(() => gw.hub.position === EVENTS, { timeoutMs: 60_000 });

    let last = EVENTS;
    const readers = Array.from({ length: CONNECTIONS }, (_, i) =>
      readAll(gw, i % 2 === 0 ? 'ws' : 'sse', () => last),
    );
    const all = Promise.allSettled(readers);
    // Once every connection is open and catching up, a new event is published.
    await waitFor(() => gw.hub.size >= CONNECTIONS, { timeoutMs: 60_000 });
    last = await publish(gw.bus, { themes: ['asylum'] });
    const results = await all;
    t.comment(`read in ${Date.now() - t0} ms`);

    const expected = Array.from({ length: last }, (_, i) => i + 1);
    results.forEach((r, i) => {
      if (r.status === 'rejected') {
        t.fail(`connection ${i}: ${(r.reason as Error).message}`);
        return;
      }
      t.same(
        r.value.seqs,
        expected,
        `connection ${i}: the whole log, then the new event, in order`,
      );
      t.comment(`connection ${i}: ${r.value.connections} connection(s)`);
    });
    t.same(slowConsumer, [], 'NATS never dropped messages of the gateway as a slow consumer');
  },
);
