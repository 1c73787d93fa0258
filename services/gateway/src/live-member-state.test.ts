import t from 'tap';
import { randomUUID } from 'node:crypto';
import { append, subjectFor } from '@rcpx/bus';
import {
  EVENT_TYPES,
  Memberships,
  canRead,
  membershipIdOf,
  type NewEvent,
  type Reader,
  type Visibility,
} from '@rcpx/contracts';
import { waitFor } from '@rcpx/testing';
import { openSse, openWs, publish, startGateway } from './test-support.ts';
import type { SseClient, WsClient } from './test-support.ts';

// `memberState` on live feeds: the events of every process the state is a member of (observers
// do not count), under the visibility rule, for a crowd of WS and SSE clients with different
// states; a membership change in the stream applies to the events after it.

/** Appends an `org.rcpx.membership.changed` (admin) straight to the log. */
async function changeMembership(
  bus: Parameters<typeof append>[0],
  participant: string,
  country: string,
  role: 'member' | 'observer' | 'none',
  previousRole: string,
) {
  const id = membershipIdOf(participant, country);
  const event: NewEvent = {
    specversion: '1.0',
    id: randomUUID(),
    source: `/participants/${participant}`,
    type: EVENT_TYPES.membershipChanged,
    subject: `memberships/${id}`,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    rcpxversion: 1,
    data: { participant, country, role, previousRole, themes: [], visibility: { level: 'public' } },
  };
  return (await append(bus, subjectFor(bus, 'membership', id), event)).seq;
}

interface Sent {
  seq: number;
  participant: string;
  visibility: Visibility;
}

t.test(
  'a crowd of live clients, each with its memberState, gets exactly its processes',
  async (t) => {
    const gw = await startGateway(t);
    const { token: baliToken } = await gw.mint('bali-process');
    const baliReader: Reader = {
      kind: 'participant',
      participant: 'bali-process',
      role: 'reader',
      tokenId: 'x',
    };
    const STATES = ['TH', 'MX', 'FR', 'LK', 'ZA', 'MY', 'TH,MX', 'AU,SE', 'ZZ'];
    const clients: {
      states: string[];
      token: boolean;
      c: WsClient | SseClient;
    }[] = [];
    // 4 clients per state list: WS and SSE, anonymous and with Bali's token
    await Promise.all(
      STATES.flatMap((s) =>
        [false, true].flatMap((token) => [
          (async () => {
            const url = `${gw.wsUrl}?memberState=${s}&after=0`;
            const c = await openWs(url, token ? { token: baliToken } : {});
            clients.push({ states: s.split(','), token, c });
          })(),
          (async () => {
            const url = `${gw.url}/v1/live?memberStates=${s}&after=0`;
            const c = await openSse(url, token ? { token: baliToken } : {});
            t.equal(c.status, 200);
            clients.push({ states: s.split(','), token, c });
          })(),
        ]),
      ),
    );
    t.equal(clients.length, STATES.length * 4);

    const sent: Sent[] = [];
    const pub = async (participant: string, visibility: Visibility = { level: 'public' }) => {
      const seq = await publish(gw.bus, { participant, visibility });
      sent.push({ seq, participant, visibility });
      return seq;
    };
    const changes: Parameters<Memberships['apply']>[0][] = [];
    const change = async (
      participant: string,
      country: string,
      role: 'member',
      previous: string,
    ) => {
      const seq = await changeMembership(gw.bus, participant, country, role, previous);
      changes.push({ participant, country, role, asOf: '2026-12', source: { name: 't' }, seq });
      sent.push({ seq, participant, visibility: { level: 'public' } });
      return seq;
    };
    const PROCESSES = [
      'igc',
      'budapest-process',
      'bali-process',
      'colombo-process',
      'apc',
      'puebla-process',
      'lima-process',
      'midsa',
      '5plus5',
    ];
    // every process once, one members-only Bali item, and IOM (no member states)
    for (const p of PROCESSES) await pub(p);
    await pub('bali-process', { level: 'members' });
    await pub('iom');
    // Malaysia, an observer of the Colombo Process, becomes a member: from that event on
    const before = await pub('colombo-process');
    await change('colombo-process', 'MY', 'member', 'observer');
    const after = await pub('colombo-process');
    // ZZ joins the Bali Process, then every process publishes once more: the last events
    await change('bali-process', 'ZZ', 'member', 'none');
    for (const p of PROCESSES) await pub(p);

    // a client matches an event under the memberships as of that event (its own change included)
    const membersAt = (seq: number) => new Memberships(changes.filter((c) => c.seq <= seq));
    const expected = (states: string[], token: boolean) =>
      sent
        .filter((e) => {
          const reader: Reader = token ? baliReader : { kind: 'anonymous' };
          return (
            membersAt(e.seq).hasMemberIn(e.participant, states) &&
            canRead(reader, e.visibility, e.participant)
          );
        })
        .map((e) => e.seq);

    for (const x of clients) {
      const want = expected(x.states, x.token);
      t.ok(want.length > 0, `${x.states.join(',')}: something to get`);
      await waitFor(() => x.c.seqs().includes(want.at(-1)!), { timeoutMs: 30_000 });
    }
    for (const { c, states, token } of clients) {
      t.same(
        c.seqs(),
        expected(states, token),
        `${states.join(',')} ${token ? 'bali' : 'anonymous'}`,
      );
    }
    t.ok(
      clients.some((x) => x.states.includes('MY') && x.c.seqs().includes(after)),
      'MY sees the Colombo Process once a member',
    );
    t.notOk(
      clients.some((x) => x.states.includes('MY') && x.c.seqs().includes(before)),
      'and not before (an observer does not count)',
    );
    const membersOnly = new Set(
      sent.filter((e) => e.visibility.level !== 'public').map((e) => e.seq),
    );
    t.notOk(
      clients.some((x) => !x.token && x.c.seqs().some((s) => membersOnly.has(s))),
      'never widens what a reader sees',
    );
    t.ok(
      clients.some((x) => x.token && x.c.seqs().some((s) => membersOnly.has(s))),
      'Bali reads its own members-only item',
    );
    for (const { c } of clients) {
      if ('ws' in c) c.ws.close();
      else c.close();
    }
  },
);

t.test('a bad memberState is a 400 naming it', async (t) => {
  const gw = await startGateway(t);
  const sse = await openSse(`${gw.url}/v1/live?memberState=thailand`);
  t.equal(sse.status, 400);
  await sse.ended;
  t.match(sse.body, /memberState/);
  const refused = await openWs(`${gw.wsUrl}?memberState=T1`).then(
    () => 0,
    (err: { status?: number }) => err.status,
  );
  t.equal(refused, 400);
});
