import t from 'tap';
import { LiveClosedError, createClient } from '@rcpx/client';
import { revokeToken } from '@rcpx/db';
import { waitFor } from '@rcpx/testing';
import { LIVE_CLOSE } from './close-codes.ts';
import { openSse, openWs, publish, startGateway } from './test-support.ts';
import type { Gateway } from './test-support.ts';

/** Publishes large events until the hub has lost one subscriber (the slow one). */
async function publishUntilOverflow(gw: Gateway, subscribers: number): Promise<number[]> {
  const seqs: number[] = [];
  while (gw.hub.size >= subscribers) {
    if (seqs.length >= 5_000) throw new Error('no overflow after 5,000 events');
    const batch = await Promise.all(
      Array.from({ length: 10 }, () => publish(gw.bus, { padding: 32 * 1024 })),
    );
    seqs.push(...batch);
    // Let the hub deliver what was appended before checking again.
    await waitFor(() => gw.hub.position >= Math.max(...batch));
  }
  return seqs.sort((a, b) => a - b);
}

t.test('a revoked token: its connections close (WS 4001, SSE event: revoked)', async (t) => {
  const gw = await startGateway(t, { settings: { revalidateMs: 100 } });
  const igc = await gw.mint('igc');
  const iom = await gw.mint('iom');
  const ws = await openWs(gw.wsUrl, { token: igc.token });
  const sse = await openSse(`${gw.url}/v1/live`, { token: igc.token });
  const other = await openWs(gw.wsUrl, { token: iom.token });
  const client = createClient({ baseUrl: gw.url, token: igc.token });
  // should an assertion below fail, the client's loop stops with the test (no hang to the timeout)
  const stop = new AbortController();
  t.teardown(() => stop.abort());
  const viaClient = (async () => {
    for await (const _ of client.live({ transport: 'sse', signal: stop.signal })) {
      // No event is published before the revocation.
    }
  })().then(
    () => null,
    (err: unknown) => err,
  );
  await waitFor(() => gw.hub.size === 4, { timeoutMs: 30_000 });
  t.ok(await revokeToken(gw.db, igc.id));
  const closed = await ws.closed;
  t.equal(closed.code, LIVE_CLOSE.tokenRevoked);
  t.equal(closed.reason, 'token revoked');
  await sse.ended;
  t.equal(sse.messages.at(-1)?.event, 'revoked');
  t.type(await viaClient, LiveClosedError, 'the client stops with LiveClosedError');
  const seq = await publish(gw.bus);
  await waitFor(() => other.seqs().includes(seq));
  t.pass("another token's connection stays open");
  other.ws.close();
});

t.test(
  'a WS client that stops reading: closed 4008 with its resume seq; others unaffected',
  async (t) => {
    const gw = await startGateway(t, { settings: { maxBufferedBytes: 64 * 1024 } });
    const slow = await openWs(gw.wsUrl);
    const fast = await openWs(gw.wsUrl);
    slow.ws.pause();
    const seqs = await publishUntilOverflow(gw, 2);
    slow.ws.resume();
    const closed = await slow.closed;
    t.equal(closed.code, LIVE_CLOSE.slowConsumer);
    const m = /^slow consumer; after=(\d+)$/.exec(closed.reason);
    t.ok(m, `reason "${closed.reason}"`);
    const after = Number(m![1]);
    t.ok(after < seqs.at(-1)!, 'it was closed before the end');
    t.same(
      slow.seqs(),
      seqs.filter((s) => s <= after),
      'every event up to after=, in order',
    );
    // Resume from there: the rest, exactly.
    const again = await openWs(`${gw.wsUrl}?after=${after}`);
    await waitFor(() => again.seqs().at(-1) === seqs.at(-1));
    t.same([...slow.seqs(), ...again.seqs()], seqs, 'the union is every event, once');
    await waitFor(() => fast.seqs().at(-1) === seqs.at(-1));
    t.same(fast.seqs(), seqs, 'the reading client got everything meanwhile');
    const metrics = await (await fetch(`${gw.url}/metrics`)).text();
    t.match(metrics, /rcpx_live_closed_total\{reason="slow_consumer"\} 1\n/);
    t.match(metrics, /rcpx_live_connections 2\n/);
    t.match(metrics, new RegExp(`rcpx_live_events_total ${seqs.length}\\n`));
    again.ws.close();
    fast.ws.close();
  },
);

t.test('an SSE client that stops reading: event: overflow with its resume seq', async (t) => {
  const gw = await startGateway(t, { settings: { maxBufferedBytes: 64 * 1024 } });
  const slow = await openSse(`${gw.url}/v1/live`);
  slow.pause();
  const seqs = await publishUntilOverflow(gw, 1);
  slow.resume();
  await slow.ended;
  const last = slow.messages.at(-1)!;
  t.equal(last.event, 'overflow');
  const after = (JSON.parse(last.data) as { after: number }).after;
  t.equal(last.id, String(after), 'id: is the resume seq (an EventSource resumes there)');
  t.same(
    slow.seqs(),
    seqs.filter((s) => s <= after),
    'every event up to after, in order',
  );
  const again = await openSse(`${gw.url}/v1/live`, { headers: { 'last-event-id': last.id! } });
  await waitFor(() => again.seqs().at(-1) === seqs.at(-1));
  t.same([...slow.seqs(), ...again.seqs()], seqs, 'the union is every event, once');
  again.close();
});

t.test(
  'an SSE client that stops reading during a catch-up: event: overflow, not a hang',
  async (t) => {
    // More history than the kernel's socket buffers hold, so the catch-up waits for a peer that
    // never reads; heartbeats that find it still stuck close it as a slow consumer.
    const gw = await startGateway(t, {
      hub: { recentFrames: 0 },
      settings: { heartbeatMs: 200, maxBufferedBytes: 64 * 1024 },
    });
    const seqs: number[] = [];
    for (let i = 0; i < 300; i += 20) {
      seqs.push(
        ...(await Promise.all(
          Array.from({ length: 20 }, () => publish(gw.bus, { padding: 64 * 1024 })),
        )),
      );
    }
    seqs.sort((a, b) => a - b);
    await waitFor(() => gw.hub.position === seqs.at(-1), { timeoutMs: 30_000 });
    const slow = await openSse(`${gw.url}/v1/live?after=0`);
    slow.pause();
    await waitFor(() => gw.hub.size === 0, { timeoutMs: 60_000 });
    t.pass('the stuck connection was closed');
    slow.resume();
    await slow.ended;
    const last = slow.messages.at(-1)!;
    t.equal(last.event, 'overflow');
    const after = (JSON.parse(last.data) as { after: number }).after;
    t.ok(after < seqs.at(-1)!, 'before the end of the history');
    t.same(
      slow.seqs(),
      seqs.filter((s) => s <= after),
      'every event up to after, in order',
    );
    // Resume from there (again after an overflow, should this busy process read too slowly).
    const rest: number[] = [];
    let from = after;
    while (rest.at(-1) !== seqs.at(-1)) {
      const again = await openSse(`${gw.url}/v1/live?after=${from}`);
      let ended = false;
      void again.ended.then(() => (ended = true));
      await waitFor(() => again.seqs().at(-1) === seqs.at(-1) || ended, { timeoutMs: 60_000 });
      again.close();
      rest.push(...again.seqs());
      if (rest.at(-1) !== seqs.at(-1)) {
        const overflow = again.messages.find((m) => m.event === 'overflow');
        t.ok(overflow, 'a resumed stream ends early only with an overflow');
        from = (JSON.parse(overflow!.data) as { after: number }).after;
      }
    }
    t.same([...slow.seqs(), ...rest], seqs, 'resumed there: every event, once');
  },
);

t.test(
  'heartbeats: a WS peer that does not answer pings is dropped; SSE gets comments',
  async (t) => {
    // A peer is dropped when no pong came back within one interval. At 100 ms a loaded machine
    // could stall this process that long between the ping and reading the pong of the peer that
    // does answer (both ends live here) and drop it too; a second leaves a wide margin.
    const gw = await startGateway(t, { settings: { heartbeatMs: 1_000 } });
    const dead = await openWs(gw.wsUrl, { autoPong: false });
    const alive = await openWs(gw.wsUrl);
    const sse = await openSse(`${gw.url}/v1/live`);
    const closed = await dead.closed;
    t.equal(closed.code, 1006, 'terminated without a close frame');
    await waitFor(() => gw.hub.size === 2);
    await waitFor(() => sse.comments.includes(': ping'));
    t.pass('SSE heartbeat comment');
    const seq = await publish(gw.bus);
    await waitFor(() => alive.seqs().includes(seq));
    t.equal(alive.ws.readyState, alive.ws.OPEN, 'a peer that answers stays');
    alive.ws.close();
    sse.close();
  },
);

t.test('closing the app closes live connections (WS 1001, SSE ends)', async (t) => {
  const gw = await startGateway(t);
  const ws = await openWs(gw.wsUrl);
  const sse = await openSse(`${gw.url}/v1/live`);
  await waitFor(() => gw.hub.size === 2);
  await gw.app.close();
  t.equal((await ws.closed).code, LIVE_CLOSE.goingAway);
  await sse.ended;
  t.pass('the SSE stream ended');
});
