import t from 'tap';
import { waitFor } from '@rcpx/testing';
import { openSse, openWs, publish, startGateway } from './test-support.ts';
import type { SseClient, WsClient } from './test-support.ts';

const SHARED = 'org.rcpx.practice.shared';
const WITHDRAWN = 'org.rcpx.practice.withdrawn';

t.test('live takes the list filters by their plural and singular names', async (t) => {
  const gw = await startGateway(t);
  const e1 = await publish(gw.bus, { themes: ['trafficking'], countries: ['FR'] });
  const e2 = await publish(gw.bus, { themes: ['asylum'], participant: 'igc', countries: ['SE'] });
  const e3 = await publish(gw.bus, { themes: ['health'], participant: 'iom' });
  const e4 = await publish(gw.bus, {
    themes: ['trafficking', 'asylum'],
    participant: 'igc',
    type: WITHDRAWN,
    countries: ['FR', 'ES'],
  });
  const e5 = await publish(gw.bus, {
    themes: ['trafficking'],
    participant: 'bali-process',
    visibility: { level: 'members' },
    countries: ['FR'],
  });

  const cases: [string, number[]][] = [
    ['themes=trafficking', [e1, e4]],
    ['theme=trafficking', [e1, e4]],
    ['themes=trafficking&theme=health', [e1, e3, e4]],
    ['themes=trafficking,asylum&participant=igc', [e2, e4]],
    ['participants=igc,iom', [e2, e3, e4]],
    [`type=${WITHDRAWN}`, [e4]],
    [`types=${SHARED}&themes=asylum`, [e2]],
    ['countries=FR', [e1, e4]],
    ['country=SE', [e2]],
    ['countries=ES,SE&theme=trafficking', [e4]],
  ];
  for (const [qs, expected] of cases) {
    const ws = await openWs(`${gw.wsUrl}?${qs}&after=0`);
    const sse = await openSse(`${gw.url}/v1/live?${qs}&after=0`);
    // a live event every filter lets through, after the catch-up: a barrier
    const barrier = await publish(gw.bus, {
      themes: ['trafficking', 'asylum', 'health'],
      participant: 'igc',
      type: qs.includes(WITHDRAWN) ? WITHDRAWN : SHARED,
      countries: ['FR', 'SE', 'ES'],
    });
    const done = (c: WsClient | SseClient) => c.seqs().includes(barrier);
    await waitFor(() => done(ws) && done(sse));
    const want = [...expected, barrier];
    const earlier = (seqs: number[]) => seqs.filter((s) => s <= e5 || s === barrier);
    t.same(earlier(ws.seqs()), want, `WS ${qs}`);
    t.same(earlier(sse.seqs()), want, `SSE ${qs}`);
    ws.ws.close();
    sse.close();
  }

  const { token } = await gw.mint('bali-process');
  const own = await openWs(`${gw.wsUrl}?theme=trafficking&countries=FR&after=0`, { token });
  await waitFor(() => own.seqs().includes(e5));
  t.same(
    own.seqs().filter((s) => s <= e5),
    [e1, e4, e5],
    'visibility applies with the filters',
  );
  own.ws.close();
});

t.test('an unknown live parameter is a 400 naming the allowed ones', async (t) => {
  const gw = await startGateway(t);
  for (const qs of ['thme=trafficking', 'themes=trafficking&limit=5', 'type=org.rcpx.nope']) {
    const sse = await openSse(`${gw.url}/v1/live?${qs}`);
    t.equal(sse.status, 400, `SSE ${qs}`);
    t.match(sse.headers.get('content-type'), /application\/problem\+json/);
    let status = 0;
    let body = '';
    try {
      const c = await openWs(`${gw.wsUrl}?${qs}`);
      c.ws.close();
    } catch (err) {
      ({ status, body } = err as { status: number; body: string });
    }
    t.equal(status, 400, `WS ${qs}`);
    if (!qs.startsWith('type=')) {
      t.match(
        JSON.parse(body).detail,
        'allowed: access_token, after, countries, country, memberState, memberStates, participant, participants, theme, ' +
          'themes, type, types',
        `WS ${qs}`,
      );
    }
  }
});
