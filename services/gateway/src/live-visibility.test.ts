import t from 'tap';
import { waitFor } from '@rcpx/testing';
import { ADMIN_TOKEN, openSse, openWs, publish, startGateway } from './test-support.ts';
import type { SseClient, WsClient } from './test-support.ts';

t.test('each connection gets only what its reader may see', async (t) => {
  const gw = await startGateway(t);
  const bali = await gw.mint('bali-process');
  const igc = await gw.mint('igc');
  const iom = await gw.mint('iom');

  const publishAll = async () => ({
    members: await publish(gw.bus, {
      participant: 'bali-process',
      visibility: { level: 'members' },
    }),
    rcps: await publish(gw.bus, {
      participant: 'bali-process',
      visibility: { level: 'rcps', rcps: ['igc'] },
    }),
    pub: await publish(gw.bus, { participant: 'bali-process' }),
    // The barrier: public, from someone else; everything before it has been delivered.
    barrier: await publish(gw.bus, { participant: 'apc' }),
  });

  type Conn = WsClient | SseClient;
  const open = async (query: string, token?: string): Promise<Record<string, Conn>> => {
    const opts = token ? { token } : {};
    return {
      ws: await openWs(`${gw.wsUrl}?${query}`, opts),
      sse: await openSse(`${gw.url}/v1/live?${query}`, opts),
      wsQueryToken: await openWs(
        `${gw.wsUrl}?${query}${token ? `&access_token=${encodeURIComponent(token)}` : ''}`,
      ),
    };
  };
  const readers = {
    anonymous: undefined,
    bali: bali.token,
    igc: igc.token,
    iom: iom.token,
    admin: ADMIN_TOKEN,
  };

  // Live-only connections opened before the events, and resuming ones opened after them.
  const live: Record<string, Record<string, Conn>> = {};
  for (const [name, token] of Object.entries(readers)) live[name] = await open('', token);
  const s = await publishAll();
  const resumed: Record<string, Record<string, Conn>> = {};
  for (const [name, token] of Object.entries(readers)) resumed[name] = await open('after=0', token);
  const filtered = await open('after=0&participants=bali-process', iom.token);

  const expected: Record<string, number[]> = {
    anonymous: [s.pub, s.barrier],
    bali: [s.members, s.rcps, s.pub, s.barrier],
    igc: [s.rcps, s.pub, s.barrier],
    iom: [s.pub, s.barrier],
    admin: [s.members, s.rcps, s.pub, s.barrier],
  };
  for (const [mode, conns] of Object.entries({ live, resumed })) {
    for (const [name, byTransport] of Object.entries(conns)) {
      for (const [transport, c] of Object.entries(byTransport)) {
        await waitFor(() => c.seqs().includes(s.barrier));
        t.same(c.seqs(), expected[name], `${mode} ${name} over ${transport}`);
      }
    }
  }
  for (const c of Object.values(filtered)) {
    await waitFor(() => c.seqs().includes(s.pub));
  }
  const more = await publish(gw.bus, { participant: 'bali-process' });
  for (const [transport, c] of Object.entries(filtered)) {
    await waitFor(() => c.seqs().includes(more));
    t.same(c.seqs(), [s.pub, more], `iom filtering on bali-process over ${transport}`);
  }

  for (const conns of [...Object.values(live), ...Object.values(resumed), filtered]) {
    for (const c of Object.values(conns)) {
      if ('ws' in c) c.ws.close();
      else c.close();
    }
  }
});
