import t from 'tap';
import WebSocket from 'ws';
import { waitFor } from '@rcpx/testing';
import { openSse, openWs, publish, startGateway } from './test-support.ts';
import type { Gateway, SseClient, WsClient } from './test-support.ts';

// GET /v1/live signed in by the workspace's session cookie (same origin): it reads exactly as
// the session's token would (over WebSocket and SSE, live and resumed), a page of another
// origin cannot use the cookie, and the connection ends when the session does (sign-out).

/** Signs a token in (`POST /v1/session`); returns the `Cookie` header and a CSRF token. */
async function signIn(gw: Gateway, token: string): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${gw.url}/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
  });
  if (res.status !== 204) throw new Error(`sign-in: HTTP ${res.status}`);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  return { cookie, csrf: res.headers.get('x-csrf-token')! };
}

/** A WebSocket with request headers of our own (cookie, origin); rejects with the HTTP status. */
function openWsWith(url: string, headers: Record<string, string>): Promise<WsClient> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    const events: WsClient['events'] = [];
    const closed = new Promise<{ code: number; reason: string }>((res) =>
      ws.once('close', (code, reason) => res({ code, reason: reason.toString() })),
    );
    ws.on('message', (data) => events.push(JSON.parse(String(data)) as WsClient['events'][0]));
    ws.once('unexpected-response', (req, res) => {
      req.destroy();
      reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode }));
    });
    ws.once('error', reject);
    ws.once('open', () =>
      resolve({ ws, events, seqs: () => events.map((e) => e.rcpxseq), closed, after: 0 }),
    );
  });
}

t.test('a session cookie reads the live feed as its token', async (t) => {
  const gw = await startGateway(t, { settings: { revalidateMs: 100 } });
  const bali = await gw.mint('bali-process');
  const igc = await gw.mint('igc');
  const baliSession = await signIn(gw, bali.token);
  const igcSession = await signIn(gw, igc.token);

  type Conn = WsClient | SseClient;
  const open = async (query: string, s: { cookie: string } | null): Promise<Conn[]> => {
    const headers: Record<string, string> = s ? { cookie: s.cookie } : {};
    return [
      await openWsWith(`${gw.wsUrl}?${query}`, { ...headers, origin: gw.url }),
      await openSse(`${gw.url}/v1/live?${query}`, { headers }),
    ];
  };
  const live = {
    bali: await open('', baliSession),
    igc: await open('', igcSession),
    anonymous: await open('', null),
  };
  const members = await publish(gw.bus, {
    participant: 'bali-process',
    visibility: { level: 'members' },
  });
  const rcps = await publish(gw.bus, {
    participant: 'bali-process',
    visibility: { level: 'rcps', rcps: ['igc'] },
  });
  const barrier = await publish(gw.bus, { participant: 'apc' });
  const resumed = {
    bali: await open('after=0', baliSession),
    igc: await open('after=0', igcSession),
    anonymous: await open('after=0', null),
  };
  const expected = {
    bali: [members, rcps, barrier],
    igc: [rcps, barrier],
    anonymous: [barrier],
  };
  for (const [mode, byReader] of Object.entries({ live, resumed })) {
    for (const [name, conns] of Object.entries(byReader)) {
      for (const [i, c] of conns.entries()) {
        await waitFor(() => c.seqs().includes(barrier));
        t.same(c.seqs(), expected[name as keyof typeof expected], `${mode} ${name} #${i}`);
      }
    }
  }
  for (const c of [...Object.values(live), ...Object.values(resumed)].flat()) {
    if ('ws' in c) c.ws.close();
    else c.close();
  }
});

t.test('another origin cannot use the cookie; a token still can', async (t) => {
  const gw = await startGateway(t);
  const bali = await gw.mint('bali-process');
  const { cookie } = await signIn(gw, bali.token);
  await t.rejects(
    openWsWith(gw.wsUrl, { cookie, origin: 'https://elsewhere.example' }),
    { message: 'HTTP 403' },
    'WebSocket from another origin with the cookie',
  );
  const sse = await openSse(`${gw.url}/v1/live`, {
    headers: { cookie, origin: 'https://elsewhere.example' },
  });
  t.equal(sse.status, 403, 'SSE from another origin with the cookie');
  t.match(JSON.parse(sse.body), { detail: /session cookie must come from a page of this origin/ });
  const ws = await openWsWith(gw.wsUrl, { origin: 'https://elsewhere.example' });
  t.pass('anonymous from another origin: the public feed');
  ws.ws.close();
  const withToken = await openWs(gw.wsUrl, { token: bali.token });
  t.pass('a bearer token from anywhere');
  withToken.ws.close();
});

t.test('signing out ends the live connections of that session', async (t) => {
  const gw = await startGateway(t, { settings: { revalidateMs: 100 } });
  const bali = await gw.mint('bali-process');
  const mine = await signIn(gw, bali.token);
  const other = await signIn(gw, bali.token);
  const ws = await openWsWith(gw.wsUrl, { cookie: mine.cookie, origin: gw.url });
  const sse = await openSse(`${gw.url}/v1/live`, { headers: { cookie: mine.cookie } });
  const kept = await openWsWith(gw.wsUrl, { cookie: other.cookie, origin: gw.url });
  const out = await fetch(`${gw.url}/v1/session`, {
    method: 'DELETE',
    headers: { cookie: mine.cookie, 'x-csrf-token': mine.csrf },
  });
  t.equal(out.status, 204);
  t.match(await ws.closed, { code: 4001 }, 'the WebSocket is closed as revoked');
  await sse.ended;
  t.ok(
    sse.messages.some((m) => m.event === 'revoked'),
    'the SSE stream says revoked, then ends',
  );
  const seq = await publish(gw.bus, { participant: 'bali-process' });
  await waitFor(() => kept.seqs().includes(seq));
  t.pass('the other session of the same token goes on');
  kept.ws.close();
});
