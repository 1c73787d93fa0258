import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { createApp, createLogger } from './index.ts';

// Errors raised before a route runs — by Node's HTTP parser or by the router — are RFC 9457
// problem+json like every other error, and never echo the request back.

const PROBLEM_JSON = /^application\/problem\+json/;

const app = createApp({ logger: createLogger({ LOG_LEVEL: 'silent' }) });
app.get('/v1/things/:id', async (req) => ({ id: (req.params as { id: string }).id }));
await app.listen({ host: '127.0.0.1', port: 0 });
t.teardown(() => app.close());
const { port } = app.server.address() as AddressInfo;

/** Sends `raw` bytes on a new connection; the whole answer once the server closes it. */
function rawRequest(raw: string): Promise<{ status: number; headers: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const [head = '', body = ''] = text.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), headers: head, body });
    });
    socket.end(raw, 'latin1');
  });
}

t.test('headers over the limit (a 20 KB query string) → 431 problem+json', async (t) => {
  const res = await fetch(`http://127.0.0.1:${port}/v1/things/x?q=${'a'.repeat(20_000)}`);
  t.equal(res.status, 431);
  t.match(res.headers.get('content-type'), PROBLEM_JSON);
  const body = (await res.json()) as Record<string, unknown>;
  t.match(body, { type: 'about:blank', title: 'Request Header Fields Too Large', status: 431 });
  t.type(body.detail, 'string');
});

t.test('a control character or NUL in a header or raw in the URL → 400 problem+json', async (t) => {
  for (const bad of ['If-Match: "1\x01"', 'Idempotency-Key: a\x00b']) {
    const res = await rawRequest(`GET /v1/things/x HTTP/1.1\r\nHost: x\r\n${bad}\r\n\r\n`);
    t.equal(res.status, 400, JSON.stringify(bad));
    t.match(res.headers, /content-type: application\/problem\+json/i);
    t.match(JSON.parse(res.body), { title: 'Bad Request', status: 400, detail: /header/ });
  }
  for (const target of ['/v1/things/a\x00b', '/v1/things/x?q=a\x00b']) {
    const res = await rawRequest(`GET ${target} HTTP/1.1\r\nHost: x\r\n\r\n`);
    t.equal(res.status, 400, JSON.stringify(target));
    t.match(JSON.parse(res.body), { status: 400, detail: /URL .* percent-encode/ });
  }
  const garbage = await rawRequest('NOT HTTP AT ALL\r\n\r\n');
  t.equal(garbage.status, 400);
  t.match(JSON.parse(garbage.body), { status: 400 });
});

t.test('a 5,000-character id → 414 problem+json that does not echo the path', async (t) => {
  const id = 'a'.repeat(5000);
  const res = await app.inject({ url: `/v1/things/${id}` });
  t.equal(res.statusCode, 414);
  t.match(res.headers['content-type'], PROBLEM_JSON);
  t.match(res.json(), { title: 'URI Too Long', status: 414, detail: /longer than 100/ });
  t.notMatch(res.body, /aaaaaaaaaa/);
  const ok = await app.inject({ url: `/v1/things/${'a'.repeat(100)}` });
  t.equal(ok.statusCode, 200);
});

t.test('a path that is not valid percent-encoded UTF-8 → 400 problem+json', async (t) => {
  const res = await app.inject({ url: '/v1/things/%ED%A0%80' });
  t.equal(res.statusCode, 400);
  t.match(res.headers['content-type'], PROBLEM_JSON);
  t.match(res.json(), { title: 'Bad Request', status: 400, detail: /percent-encoded UTF-8/ });
});

t.test(
  'a request still arriving while the app closes → 503 problem+json with Retry-After',
  async (t) => {
    const closing = createApp({ logger: createLogger({ LOG_LEVEL: 'silent' }) });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const inFlight = new Promise<void>((resolve) => (started = resolve));
    closing.get('/slow', async () => {
      started();
      await held;
      return { ok: true };
    });
    closing.get('/fast', async () => ({ ok: true }));
    let preClosed!: () => void;
    const closingStarted = new Promise<void>((resolve) => (preClosed = resolve));
    closing.addHook('preClose', async () => preClosed());
    await closing.listen({ host: '127.0.0.1', port: 0 });
    const p = (closing.server.address() as AddressInfo).port;
    let sawFast!: () => void;
    const fastArrived = new Promise<void>((resolve) => (sawFast = resolve));
    closing.server.on('request', (req: { url?: string }) => {
      if (req.url === '/fast') sawFast();
    });
    // a request in flight; the app starts closing; a second request arrives on that connection
    const socket = connect(p, '127.0.0.1');
    const answer = new Promise<string>((resolve, reject) => {
      const chunks: Buffer[] = [];
      socket.on('data', (c) => chunks.push(c));
      socket.on('error', reject);
      socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    });
    socket.write('GET /slow HTTP/1.1\r\nHost: x\r\n\r\n');
    await inFlight;
    const closed = closing.close();
    await closingStarted;
    socket.write('GET /fast HTTP/1.1\r\nHost: x\r\n\r\n');
    await fastArrived; // (Node answers pipelined requests in order: it waits behind the first)
    release();
    const text = await answer;
    await closed;
    const second = text.slice(text.indexOf('HTTP/1.1', 1));
    t.match(text, /^HTTP\/1\.1 200/, 'the request in flight completes');
    t.match(second, /^HTTP\/1\.1 503/);
    t.match(second, /content-type: application\/problem\+json/i);
    t.match(second, /retry-after: 1/i);
    t.match(second, /"status":503/);
  },
);
