import { get, type ClientRequest } from 'node:http';
import type { AllInOne } from './all-in-one.ts';

/** What a live client (SSE) saw of a load: every seq once, in order, and its longest wait. */
export interface LiveSeen {
  /** Frames received (events with an `id:`). */
  frames: number;
  /** Every frame's seq was the one after the previous frame's (none missing, none twice). */
  inOrder: boolean;
  /** The last seq received. */
  lastSeq: number;
  /** The longest time between two frames of the load's writes (ms). */
  longestGapMs: number;
}

export interface LiveWatcher {
  /**
   * Waits until the frame of `to` has arrived (at most 30 s), then disconnects. The load's writes
   * are the seqs in (`from`, `to`): writes made just before and just after it.
   */
  stopAt(from: number, to: number): Promise<LiveSeen>;
}

const ID = Buffer.from('\nid: ');

/**
 * A live client of the all-in-one (`GET /v1/live`, Server-Sent Events, with the bench's
 * publisher token: it reads every event of its participant), recording when each frame
 * arrives: what a dashboard user sees of a load. Reads with node:http and scans the bytes for
 * the `id:` lines (a fetch body stream cost this process a tenth of a core).
 */
export async function watchLive(app: AllInOne): Promise<LiveWatcher> {
  const seqs: number[] = [];
  const arrivals: number[] = [];
  let waiter: { seq: number; resolve: () => void } | undefined;
  let rest = Buffer.from('\n'); // the stream's first line is a line too

  const onData = (chunk: Buffer) => {
    const now = performance.now();
    const buf = rest.length > 0 ? Buffer.concat([rest, chunk]) : chunk;
    let at = 0;
    let end = buf.lastIndexOf(10); // the last complete line ends there
    for (let i = buf.indexOf(ID, at); i !== -1 && i < end; i = buf.indexOf(ID, at)) {
      const eol = buf.indexOf(10, i + ID.length);
      if (eol === -1) break;
      const seq = Number(buf.toString('latin1', i + ID.length, eol));
      seqs.push(seq);
      arrivals.push(now);
      if (waiter && seq >= waiter.seq) waiter.resolve();
      at = eol;
    }
    if (end === -1) end = 0;
    rest = Buffer.from(buf.subarray(end)); // from its last line break: `\nid: ` stays whole
  };

  const req = await new Promise<ClientRequest>((resolve, reject) => {
    const r = get(
      `${app.base}/v1/live`,
      { headers: { accept: 'text/event-stream', authorization: `Bearer ${app.token}` } },
      (res) => {
        if (res.statusCode !== 200) reject(new Error(`watchLive: answered ${res.statusCode}`));
        res.on('data', onData);
        res.on('error', () => {});
        resolve(r);
      },
    );
    r.on('error', reject);
  });

  return {
    async stopAt(from, to) {
      if ((seqs.at(-1) ?? 0) < to) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 30_000);
          waiter = {
            seq: to,
            resolve: () => {
              clearTimeout(timer);
              resolve();
            },
          };
        });
      }
      req.destroy();
      let inOrder = true;
      let longestGapMs = 0;
      for (let i = 1; i < seqs.length; i++) {
        if (seqs[i] !== seqs[i - 1]! + 1) inOrder = false;
        if (seqs[i - 1]! > from && seqs[i]! < to) {
          longestGapMs = Math.max(longestGapMs, arrivals[i]! - arrivals[i - 1]!);
        }
      }
      return { frames: seqs.length, inOrder, lastSeq: seqs.at(-1) ?? 0, longestGapMs };
    },
  };
}
