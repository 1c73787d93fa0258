import type { Socket } from 'node:net';
import { WebSocketServer } from 'ws';
import { nowMs, serveParent } from './ipc.ts';
import { paced } from './pace.ts';
import { profilerCommands } from './profiler.ts';
import { benchEvent, eventThemes } from './workload.ts';

// The raw limit: a minimal `ws` server that broadcasts pre-serialized frames (the same event
// JSON the gateway sends, `rcpxseq` last) to the clients following any of the event's themes —
// no NATS, no visibility, nothing else. Each frame is one prebuilt WebSocket frame written to
// every matching socket, as the gateway does.

interface Client {
  socket: Socket;
  themes: ReadonlySet<string>;
}

/** An unmasked text frame of `text`. */
function wsFrame(text: string): Buffer {
  const length = Buffer.byteLength(text);
  const header = length < 126 ? 2 : length < 65536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(header + length);
  frame[0] = 0x81;
  if (header === 2) frame[1] = length;
  else if (header === 4) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  frame.write(text, header, 'utf8');
  return frame;
}

const clients = new Set<Client>();
const wss = new WebSocketServer({
  host: '127.0.0.1',
  port: 0,
  perMessageDeflate: false,
  maxPayload: 4096,
});
wss.on('connection', (ws, req) => {
  const themes = new URL(req.url ?? '/', 'http://x').searchParams.get('themes') ?? '';
  const client: Client = { socket: req.socket, themes: new Set(themes.split(',').filter(Boolean)) };
  clients.add(client);
  ws.on('close', () => clients.delete(client));
  ws.on('error', () => {});
});
await new Promise<void>((resolve) => wss.once('listening', resolve));
const address = wss.address();
let nextSeq = 1;

serveParent(
  {
    /** Broadcasts events 0…n-1 (n = rate × seconds) at `rate` per second. */
    async run({ rate, seconds }: { rate: number; seconds: number }) {
      const total = Math.max(1, Math.round(rate * seconds));
      const base = nextSeq;
      nextSeq += total;
      const frames = Array.from({ length: total }, (_, i) => {
        const { event } = benchEvent(i);
        return {
          frame: wsFrame(JSON.stringify({ ...event, rcpxseq: base + i })),
          themes: eventThemes(i),
        };
      });
      const times = new Float64Array(total).fill(NaN);
      let writes = 0;
      const pacing = await paced(rate, total, (i) => {
        const { frame, themes } = frames[i]!;
        times[i] = nowMs();
        for (const c of clients) {
          if (themes.some((t) => c.themes.has(t)) && c.socket.writable) {
            c.socket.write(frame);
            writes++;
          }
        }
      });
      return {
        published: total,
        writes,
        origins: { base, times },
        ms: pacing.ms,
        maxLagMs: pacing.maxLagMs,
      };
    },
    ...profilerCommands,
    memory() {
      globalThis.gc?.();
      globalThis.gc?.();
      return process.memoryUsage();
    },
  },
  { port: typeof address === 'object' && address ? address.port : 0, pid: process.pid },
  async () => {
    for (const c of clients) c.socket.destroy();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  },
);
