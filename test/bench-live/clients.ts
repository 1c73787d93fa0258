import { WebSocket } from 'ws';
import { nowMs, serveParent } from './ipc.ts';
import { latencyStats, type LatencyStats } from './stats.ts';

// The client-load process: N WebSocket clients, each following its themes. Every message
// received is recorded as (seq, receive time); at the end of a phase the parent sends the
// origin time of each seq (the JetStream ack, or the raw server's send) and gets the stats.

/** Origin times by seq: `times[seq - base]` (NaN when unknown). */
export interface Origins {
  base: number;
  times: Float64Array;
}

export interface PhaseResult {
  /** Messages received since `begin`. */
  received: number;
  /** Of those, received within the window. */
  inWindow: number;
  /** Received messages whose seq has no origin time (should be 0). */
  unknown: number;
  latency: LatencyStats;
  /** With `buckets`: latency by arrival time, 500 ms buckets. */
  timeline: { at: number; n: number; max: number }[];
}

class Recorder {
  seqs = new Uint32Array(1 << 20);
  times = new Float64Array(1 << 20);
  n = 0;

  add(seq: number, time: number): void {
    if (this.n === this.seqs.length) {
      const seqs = new Uint32Array(this.n * 2);
      seqs.set(this.seqs);
      const times = new Float64Array(this.n * 2);
      times.set(this.times);
      this.seqs = seqs;
      this.times = times;
    }
    this.seqs[this.n] = seq;
    this.times[this.n++] = time;
  }
}

const SEQ_KEY = '"rcpxseq"';

/** The seq of a frame: both servers put `"rcpxseq":<n>` last; else parse the JSON. */
export function seqOf(buf: Buffer): number {
  let i = buf.length - 1;
  if (buf[i] === 0x7d) {
    let n = 0;
    let mul = 1;
    for (i--; i >= 0 && buf[i]! >= 0x30 && buf[i]! <= 0x39; i--) {
      n += (buf[i]! - 0x30) * mul;
      mul *= 10;
    }
    if (mul > 1 && buf[i] === 0x3a && buf.toString('latin1', i - SEQ_KEY.length, i) === SEQ_KEY)
      return n;
  }
  return (JSON.parse(buf.toString('utf8')) as { rcpxseq: number }).rcpxseq;
}

/** The open clients by server URL. */
const groups = new Map<string, WebSocket[]>();
let rec = new Recorder();
let unexpectedCloses: Record<string, number> = {};
/** Clients closed on purpose (their close is not counted). */
const expectedClose = new WeakSet<WebSocket>();

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false, skipUTF8Validation: true });
    ws.binaryType = 'nodebuffer';
    ws.on('message', (data: Buffer) => rec.add(seqOf(data), nowMs()));
    ws.once('open', () => {
      ws.off('error', reject);
      ws.on('error', () => {});
      resolve(ws);
    });
    ws.once('error', reject);
    ws.once('close', (code) => {
      if (!expectedClose.has(ws)) unexpectedCloses[code] = (unexpectedCloses[code] ?? 0) + 1;
    });
  });
}

serveParent(
  {
    /** Opens one client per filter (`<url>?themes=a,b`), 100 at a time. */
    async connect({ url, filters }: { url: string; filters: string[][] }) {
      const started = nowMs();
      const group = groups.get(url) ?? [];
      groups.set(url, group);
      for (let i = 0; i < filters.length; i += 100) {
        const batch = filters.slice(i, i + 100);
        group.push(
          ...(await Promise.all(batch.map((themes) => open(`${url}?themes=${themes.join(',')}`)))),
        );
      }
      return { connected: group.length, ms: nowMs() - started };
    },
    /** Closes the clients of `url` (all clients without one). */
    async disconnect({ url }: { url?: string } = {}) {
      const urls = url === undefined ? [...groups.keys()] : [url];
      const closing = urls.flatMap((u) => groups.get(u) ?? []);
      for (const u of urls) groups.delete(u);
      for (const ws of closing) expectedClose.add(ws);
      await Promise.all(
        closing.map(
          (ws) =>
            new Promise<void>((resolve) => {
              if (ws.readyState === ws.CLOSED) return resolve();
              const timer = setTimeout(() => ws.terminate(), 3_000);
              ws.once('close', () => {
                clearTimeout(timer);
                resolve();
              });
              ws.close(1000);
            }),
        ),
      );
      return { closed: closing.length };
    },
    begin() {
      rec = new Recorder();
      unexpectedCloses = {};
      return { at: nowMs() };
    },
    count() {
      return { received: rec.n, closes: unexpectedCloses };
    },
    end({
      origins,
      from,
      to,
      buckets,
    }: {
      origins: Origins;
      from: number;
      to: number;
      buckets?: boolean;
    }): PhaseResult {
      const { seqs, times, n } = rec;
      const lat = new Float64Array(n);
      let m = 0;
      let unknown = 0;
      let inWindow = 0;
      for (let k = 0; k < n; k++) {
        const t = times[k]!;
        if (t >= from && t <= to) inWindow++;
        const o = origins.times[seqs[k]! - origins.base];
        if (o === undefined || Number.isNaN(o)) unknown++;
        else lat[m++] = t - o;
      }
      // Latency by arrival time (500 ms buckets from `from`): max and count, for diagnosis.
      const timeline: { at: number; n: number; max: number }[] = [];
      if (buckets) {
        for (let k = 0; k < n; k++) {
          const o = origins.times[seqs[k]! - origins.base];
          if (o === undefined || Number.isNaN(o)) continue;
          const b = Math.max(0, Math.floor((times[k]! - from) / 500));
          timeline[b] ??= { at: b * 500, n: 0, max: 0 };
          timeline[b].n++;
          timeline[b].max = Math.max(timeline[b].max, times[k]! - o);
        }
      }
      return {
        received: n,
        inWindow,
        unknown,
        latency: latencyStats(lat.subarray(0, m)),
        timeline: timeline.filter(Boolean),
      };
    },
  },
  { pid: process.pid },
);
