import t from 'tap';
import { once } from 'node:events';
import { connect } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { createApp, createLogger } from './index.ts';

// Conditions are awaited as events (a socket's close, the server's timeout), never slept for;
// tap's own timeout is the backstop.

const IDLE_MS = 300;

/** An app with a short idle timeout; `/slow` answers only once its socket has timed out. */
async function start(t: { teardown(fn: () => unknown): void }) {
  const app = createApp({
    logger: createLogger({ LOG_LEVEL: 'silent' }),
    idleTimeoutMs: IDLE_MS,
  });
  app.get('/ok', async () => ({ ok: true }));
  app.get('/slow', async (request) => {
    // Longer than the idle timeout without sleeping for it: until that timeout has fired.
    const socket = request.raw.socket;
    await new Promise<void>((resolve) => {
      const fired = (s: Socket) => {
        if (s !== socket) return;
        app.server.off('timeout', fired);
        resolve();
      };
      app.server.on('timeout', fired);
    });
    return { slow: true };
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  t.teardown(() => app.close());
  return (app.server.address() as AddressInfo).port;
}

/** A raw TCP connection recording what it receives. */
function rawSocket(port: number) {
  const socket = connect(port, '127.0.0.1');
  const state = { received: '', socket, closed: once(socket, 'close').then(() => true) };
  socket.setEncoding('utf8');
  socket.on('data', (d: string) => (state.received += d));
  socket.on('error', () => {});
  return state;
}

t.test('a connection that sends nothing is closed', async (t) => {
  const silent = rawSocket(await start(t));
  await silent.closed;
  t.equal(silent.received, '', 'closed without an answer');
});

t.test('a connection that stops in the middle of its headers is closed', async (t) => {
  const partial = rawSocket(await start(t));
  partial.socket.write('GET /ok HTTP/1.1\r\nHost: x\r\n');
  await partial.closed;
  t.pass('closed');
});

t.test('a request that has arrived is answered however long it takes', async (t) => {
  const c = rawSocket(await start(t));
  let closed = false;
  void c.closed.then(() => (closed = true));
  c.socket.write('GET /slow HTTP/1.1\r\nHost: x\r\n\r\n');
  await new Promise<void>((resolve) => {
    const check = () => {
      if (c.received.includes('{"slow":true}') || closed) resolve();
    };
    c.socket.on('data', check);
    c.socket.on('close', check);
  });
  t.match(c.received, /^HTTP\/1\.1 200 /, 'answered');
  t.notOk(closed, 'and the connection is still open');
  c.socket.destroy();
});

t.test('the many silent connections of one client are all closed', async (t) => {
  const port = await start(t);
  const crowd = Array.from({ length: 50 }, () => rawSocket(port));
  await Promise.all(crowd.map((c) => c.closed));
  t.pass('every silent connection closed');
  const res = await fetch(`http://127.0.0.1:${port}/ok`);
  t.equal(res.status, 200, 'the server still answers');
  await res.text();
});
