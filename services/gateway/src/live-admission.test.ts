import t from 'tap';
import { get } from 'node:http';
import { connect } from 'node:net';
import { WebSocket } from 'ws';
import { waitFor } from '@rcpx/testing';
import { openSse, openWs, startGateway } from './test-support.ts';

/** The refusal of a WebSocket upgrade: status and problem body. */
async function refusedWs(url: string, token?: string): Promise<{ status: number; body: string }> {
  try {
    const c = await openWs(url, token ? { token } : {});
    c.ws.close();
  } catch (err) {
    const e = err as { status?: number; body?: string };
    if (e.status !== undefined) return { status: e.status, body: e.body ?? '' };
    throw err;
  }
  throw new Error('the upgrade was accepted');
}

t.test('invalid filters → 400 problem before the upgrade (WS) or the stream (SSE)', async (t) => {
  const gw = await startGateway(t);
  const cases: [string, string][] = [
    ['themes=not-a-theme', 'query.themes'],
    ['themes=trafficking,nope', 'query.themes'],
    ['participants=nobody-here', 'query.participants'],
    ['participants=Bad Slug', 'query.participants'],
    ['types=com.example.other', 'query.types'],
    ['after=-1', 'query.after'],
    ['after=abc', 'query.after'],
    ['after=1.5', 'query.after'],
  ];
  for (const [qs, path] of cases) {
    const ws = await refusedWs(`${gw.wsUrl}?${qs}`);
    t.equal(ws.status, 400, `WS ${qs}`);
    const problem = JSON.parse(ws.body) as { status: number; errors: { path: string }[] };
    t.equal(problem.status, 400);
    t.ok(
      problem.errors.some((e) => e.path.startsWith(path)),
      `WS ${qs} names ${path}`,
    );
    const sse = await openSse(`${gw.url}/v1/live?${qs.replace(' ', '%20')}`);
    t.equal(sse.status, 400, `SSE ${qs}`);
    t.match(sse.headers.get('content-type'), /application\/problem\+json/);
  }
  const badId = await openSse(`${gw.url}/v1/live`, { headers: { 'last-event-id': 'x1' } });
  t.equal(badId.status, 400, 'a Last-Event-ID that is not a seq');
  const notAcceptable = await fetch(`${gw.url}/v1/live`, {
    headers: { accept: 'application/json' },
  });
  t.equal(notAcceptable.status, 406, 'neither an upgrade nor an event stream');
  await notAcceptable.text();
});

t.test('an unknown token → 401 before the upgrade; access_token is accepted', async (t) => {
  const gw = await startGateway(t);
  t.equal((await refusedWs(gw.wsUrl, 'rcpx_unknown')).status, 401);
  t.equal((await refusedWs(`${gw.wsUrl}?access_token=rcpx_unknown`)).status, 401);
  t.equal((await openSse(`${gw.url}/v1/live`, { token: 'rcpx_unknown' })).status, 401);
  const { token } = await gw.mint('igc');
  const ok = await openWs(`${gw.wsUrl}?access_token=${token}`);
  t.pass('a valid access_token opens');
  ok.ws.close();
});

t.test('per-token connection limit → 429 before the upgrade', async (t) => {
  const gw = await startGateway(t, { settings: { maxPerToken: 2 } });
  const { token } = await gw.mint('igc');
  const other = await gw.mint('iom');
  const a = await openWs(gw.wsUrl, { token });
  const b = await openSse(`${gw.url}/v1/live`, { token });
  t.equal(b.status, 200);
  const refused = await refusedWs(gw.wsUrl, token);
  t.equal(refused.status, 429, 'the third WS connection of a token');
  t.match(JSON.parse(refused.body), { status: 429, title: 'Too Many Requests' });
  const sse = await openSse(`${gw.url}/v1/live`, { token });
  t.equal(sse.status, 429, 'the third connection over SSE');
  t.ok(sse.headers.get('retry-after'), 'with Retry-After');
  const c = await openWs(gw.wsUrl, { token: other.token });
  t.pass('another token is not affected');
  const anon = await Promise.all([1, 2, 3].map(() => openWs(gw.wsUrl)));
  t.pass('anonymous connections are not limited per token');
  // Closing one frees a slot.
  a.ws.close();
  await a.closed;
  const d = await waitFor(() => openWs(gw.wsUrl, { token }));
  t.pass('a slot frees once a connection closes');
  for (const x of [c, d, ...anon]) x.ws.close();
  b.close();
});

t.test('process-wide connection limit → 503 with Retry-After', async (t) => {
  const gw = await startGateway(t, { settings: { maxConnections: 1 } });
  const a = await openWs(gw.wsUrl);
  const refused = await refusedWs(gw.wsUrl);
  t.equal(refused.status, 503);
  a.ws.close();
});

t.test(
  'an upgrade request to a route that is not live gets its answer, then the socket closes',
  async (t) => {
    const gw = await startGateway(t);
    const { hostname, port } = new URL(gw.url);
    for (const path of ['/healthz', '/v1/no-such-route']) {
      const socket = connect(Number(port), hostname);
      socket.setEncoding('utf8');
      let answer = '';
      socket.on('data', (d: string) => (answer += d));
      const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: ${hostname}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
          'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
      );
      // the bound only tells a socket left open from one closed late on a loaded machine
      let timer: NodeJS.Timeout | undefined;
      const open = await Promise.race([
        closed.then(() => false),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), 30_000))),
      ]);
      clearTimeout(timer);
      socket.destroy();
      t.notOk(open, `${path}: the socket is closed`);
      t.match(answer, /^HTTP\/1\.1 (200|404) /, `${path} answered over HTTP, then closed`);
    }
  },
);

/** Opens a WS from `localAddress`: its HTTP status when refused, 101 when upgraded. */
function wsFrom(url: string, localAddress: string): Promise<{ status: number; ws?: WebSocket }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { localAddress });
    ws.once('open', () => resolve({ status: 101, ws }));
    ws.once('unexpected-response', (req, res) => {
      res.resume();
      req.destroy();
      resolve({ status: res.statusCode ?? 0 });
    });
    ws.once('error', reject);
  });
}

/** An SSE request from `localAddress`: status, Retry-After and body (the stream is left open). */
function sseFrom(
  url: string,
  localAddress: string,
): Promise<{ status: number; retryAfter?: string; body: string; close(): void }> {
  return new Promise((resolve, reject) => {
    const req = get(url, { localAddress, headers: { accept: 'text/event-stream' } }, (res) => {
      const close = () => req.destroy();
      if (res.statusCode === 200) {
        resolve({ status: 200, body: '', close });
        return;
      }
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          retryAfter: res.headers['retry-after'],
          body,
          close,
        }),
      );
    });
    req.once('error', reject);
  });
}

t.test(
  'per-address connection limit → 429 before the upgrade; other addresses still admitted',
  async (t) => {
    const PER_ADDRESS = 5;
    const gw = await startGateway(t, { settings: { maxPerAddress: PER_ADDRESS } });
    const { token } = await gw.mint('igc');
    // A crowd from one address, at once: WebSockets (anonymous and with a token) and SSE streams.
    const attempts = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        i % 4 === 3
          ? sseFrom(`${gw.url}/v1/live`, '127.0.0.1')
          : wsFrom(i % 4 === 1 ? `${gw.wsUrl}?access_token=${token}` : gw.wsUrl, '127.0.0.1'),
      ),
    );
    const admitted = attempts.filter((a) => a.status === 101 || a.status === 200);
    const refused = attempts.filter((a) => a.status === 429);
    t.equal(admitted.length, PER_ADDRESS, `${PER_ADDRESS} connections admitted from one address`);
    t.equal(refused.length, attempts.length - PER_ADDRESS, 'every other one refused with 429');
    const sseRefused = refused.find((a) => 'body' in a && a.body !== '') as
      { body: string; retryAfter?: string } | undefined;
    t.ok(sseRefused, 'an SSE request was refused');
    t.match(JSON.parse(sseRefused!.body), { status: 429, title: 'Too Many Requests' });
    t.ok(sseRefused!.retryAfter, 'with Retry-After');

    // Another address is admitted meanwhile.
    const other = await wsFrom(gw.wsUrl, '127.0.0.2');
    t.equal(other.status, 101, 'another address is admitted');
    const otherSse = await sseFrom(`${gw.url}/v1/live`, '127.0.0.2');
    t.equal(otherSse.status, 200, 'over SSE too');

    // Closing one frees a slot for that address.
    const first = admitted.find((a) => 'ws' in a && a.ws) as { ws: WebSocket } | undefined;
    if (first) {
      first.ws.close();
      const again = await waitFor(async () => {
        const a = await wsFrom(gw.wsUrl, '127.0.0.1');
        if (a.status === 101) return a;
        return undefined;
      });
      t.pass('a slot frees once a connection of that address closes');
      again.ws!.close();
    }
    for (const a of [...admitted, other, otherSse]) {
      if ('ws' in a && a.ws) a.ws.close();
      if ('close' in a) a.close();
    }
  },
);
