import t from 'tap';
import { waitFor } from '@rcpx/testing';
import { openSse, openWs, publish, startGateway } from './test-support.ts';
import type { EventSpec } from './test-support.ts';

const SHARED = 'org.rcpx.practice.shared';
const MEETING = 'org.rcpx.meeting.outcome.recorded';
const RELEASED = 'org.rcpx.publication.released';

const PARTICIPANTS = ['bali-process', 'igc', 'iom'];
const THEME_SETS = [
  ['trafficking'],
  ['asylum'],
  ['health'],
  ['trafficking', 'asylum'],
  ['asylum', 'health'],
];
const TYPES = [SHARED, MEETING, RELEASED];

interface Filter {
  themes?: string[];
  participants?: string[];
  types?: string[];
}
const THEME_FILTERS = [undefined, ['trafficking'], ['asylum', 'health']];
const PARTICIPANT_FILTERS = [undefined, ['igc'], ['bali-process', 'iom']];
const TYPE_FILTERS = [undefined, [SHARED], [MEETING, RELEASED]];

/** The reference rule: OR within a list, AND across lists. */
function matches(f: Filter, e: Required<Pick<EventSpec, 'participant' | 'themes' | 'type'>>) {
  return (
    (!f.themes || e.themes.some((x) => f.themes!.includes(x))) &&
    (!f.participants || f.participants.includes(e.participant)) &&
    (!f.types || f.types.includes(e.type))
  );
}

const query = (f: Filter, after: number) =>
  [
    f.themes && `themes=${f.themes.join(',')}`,
    f.participants && `participants=${f.participants.join(',')}`,
    f.types && `types=${f.types.join(',')}`,
    `after=${after}`,
  ]
    .filter(Boolean)
    .join('&');

t.test('every combination of themes × participants × types, over WS and SSE', async (t) => {
  const gw = await startGateway(t);
  const published: { seq: number; participant: string; themes: string[]; type: string }[] = [];
  const add = async (e: { participant: string; themes: string[]; type: string }) => {
    published.push({ seq: await publish(gw.bus, e), ...e });
  };
  for (const participant of PARTICIPANTS) {
    for (const themes of THEME_SETS) {
      for (const type of TYPES) await add({ participant, themes, type });
    }
  }
  const filters: Filter[] = [];
  for (const themes of THEME_FILTERS) {
    for (const participants of PARTICIPANT_FILTERS) {
      for (const types of TYPE_FILTERS) {
        filters.push({
          ...(themes ? { themes } : {}),
          ...(participants ? { participants } : {}),
          ...(types ? { types } : {}),
        });
      }
    }
  }
  t.equal(filters.length, 27);

  for (const transport of ['ws', 'sse'] as const) {
    for (const f of filters) {
      // From the start of the log (catch-up), then one more matching event live: a barrier
      // after which every earlier matching event must have arrived, and nothing else.
      const url = `${gw.wsUrl}?${query(f, 0)}`;
      const c = transport === 'ws' ? await openWs(url) : await openSse(url.replace(/^ws/, 'http'));
      const barrier = {
        participant: f.participants?.[0] ?? 'apc',
        themes: [f.themes?.[0] ?? 'gender'],
        type: f.types?.[0] ?? SHARED,
      };
      await add(barrier);
      const last = published.at(-1)!.seq;
      await waitFor(() => c.seqs().includes(last));
      const expected = published.filter((e) => matches(f, e)).map((e) => e.seq);
      t.same(c.seqs(), expected, `${transport} ${query(f, 0)}`);
      if ('ws' in c) c.ws.close();
      else c.close();
    }
  }
});

t.test(
  'a live-only connection (no after) gets the matching events published after it',
  async (t) => {
    const gw = await startGateway(t);
    await publish(gw.bus, { themes: ['trafficking'] });
    // the hub follows the log: a connection made before it has seen seq 1 starts after 0
    await waitFor(() => gw.hub.position >= 1, { timeoutMs: 30_000 });
    const ws = await openWs(`${gw.wsUrl}?themes=trafficking&participants=igc`);
    const sse = await openSse(`${gw.url}/v1/live?themes=trafficking&participants=igc`);
    t.equal(ws.after, 1, 'Rcpx-After tells where the stream starts');
    t.equal(sse.headers.get('rcpx-after'), '1');
    await publish(gw.bus, { themes: ['trafficking'], participant: 'bali-process' });
    await publish(gw.bus, { themes: ['asylum'], participant: 'igc' });
    const hit = await publish(gw.bus, { themes: ['asylum', 'trafficking'], participant: 'igc' });
    await waitFor(() => ws.events.length === 1 && sse.events.length === 1);
    t.same(ws.seqs(), [hit]);
    t.same(sse.seqs(), [hit]);
    t.equal(sse.messages[0]!.id, String(hit), 'SSE id: is the seq');
    t.equal(sse.messages[0]!.event, SHARED, 'SSE event: is the type');
    t.equal(ws.events[0]!.rcpxseq, hit, 'each message is the CloudEvent with rcpxseq');
    const big = await publish(gw.bus, { participant: 'igc', padding: 100_000 });
    await waitFor(() => ws.events.length === 2 && sse.events.length === 2);
    t.equal(ws.events[1]!.rcpxseq, big, 'a frame over 64 KiB');
    t.equal(sse.events[1]!.rcpxseq, big);
    ws.ws.close();
    sse.close();
  },
);

t.test('Last-Event-ID resumes an SSE stream; after= wins over it', async (t) => {
  const gw = await startGateway(t);
  const seqs: number[] = [];
  for (let i = 0; i < 5; i++) seqs.push(await publish(gw.bus));
  const a = await openSse(`${gw.url}/v1/live`, { headers: { 'last-event-id': String(seqs[2]) } });
  const b = await openSse(`${gw.url}/v1/live?after=${seqs[3]}`, {
    headers: { 'last-event-id': String(seqs[0]) },
  });
  await waitFor(() => a.events.length === 2 && b.events.length === 1);
  t.same(a.seqs(), seqs.slice(3));
  t.same(b.seqs(), seqs.slice(4));
  a.close();
  b.close();
});
