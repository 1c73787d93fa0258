import t from 'tap';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import type { CloudEvent } from '@rcpx/contracts';
import type { TeardownHost } from '@rcpx/testing';
import { testFrame } from './test-frame.ts';
import { WsSink } from './ws-sink.ts';

const frame = (seq: number) => testFrame(seq, { themes: ['health'], pad: 'x'.repeat(seq % 300) });

/** A WebSocket pair on 127.0.0.1: the server side wrapped in a WsSink, the client recording. */
async function pair(t: TeardownHost) {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await new Promise<void>((resolve) => wss.once('listening', resolve));
  t.teardown(() => new Promise<void>((resolve) => wss.close(() => resolve())));
  const accepted = new Promise<WsSink>((resolve) =>
    wss.once('connection', (ws, req) => resolve(new WsSink(ws, req.socket, () => {}))),
  );
  const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}/`);
  const received: string[] = [];
  client.on('message', (data: Buffer) => {
    const text = data.toString();
    received.push(text.startsWith('{') ? String((JSON.parse(text) as CloudEvent).rcpxseq) : text);
  });
  const closed = new Promise<number>((resolve) => client.once('close', (code) => resolve(code)));
  await new Promise<void>((resolve) => client.once('open', () => resolve()));
  return { sink: await accepted, ws: [...wss.clients][0]!, received, closed };
}

t.test(
  'frames written in one tick arrive whole and in order, beside ws’s own writes',
  async (t) => {
    const { sink, ws, received, closed } = await pair(t);
    const expected: string[] = [];
    let seq = 0;
    // Bursts within one tick (written together), then single frames across ticks.
    for (const burst of [300, 1, 50, 1, 1, 120]) {
      for (let i = 0; i < burst; i++) {
        sink.write(frame(++seq));
        expected.push(String(seq));
        if (i === 10) {
          ws.send('between'); // a message framed by `ws` itself, in the middle of a burst
          expected.push('between');
        }
      }
      if (burst > 1) t.ok(sink.buffered > 0, 'frames queued in this tick count as buffered');
      await new Promise((resolve) => setImmediate(resolve));
    }
    sink.write(frame(++seq));
    expected.push(String(seq));
    sink.shutdown();
    t.equal(await closed, 1001, 'the close frame follows the last frame');
    t.same(received, expected);
  },
);

t.test('a socket destroyed with frames still corked: no throw, nothing after it', async (t) => {
  const { sink, ws, received, closed } = await pair(t);
  sink.write(frame(1));
  sink.write(frame(2)); // corked until the end of the tick
  ws.terminate();
  t.doesNotThrow(() => sink.write(frame(3)));
  await closed;
  await new Promise((resolve) => setImmediate(resolve));
  t.notOk(received.includes('3'));
});
