import t from 'tap';
import { ANONYMOUS } from '@rcpx/contracts';
import type { Visibility } from '@rcpx/contracts';
import type { Frame } from './frame.ts';
import { LiveConnection } from './live-connection.ts';
import { LiveFilter } from './live-filter.ts';
import type { LiveHub, LiveSubscriber } from './live-hub.ts';
import type { LiveSink } from './live-sink.ts';
import { RecentFrames } from './recent-frames.ts';
import { testFrame } from './test-frame.ts';

const frame = (seq: number, themes = ['trafficking'], visibility?: Visibility) =>
  testFrame(seq, { themes, ...(visibility ? { visibility } : {}) });

/** A hub whose log catch-up yields one frame per `step()` of the test. */
function fakeHub(position: number, recent: Frame[] | null = null) {
  const subs = new Set<LiveSubscriber>();
  let release: (() => void) | null = null;
  const hub = {
    position,
    size: 0,
    broadcast: 0,
    subscribe(sub: LiveSubscriber) {
      subs.add(sub);
      return () => void subs.delete(sub);
    },
    watch: () => () => {},
    recent: () => recent,
    async *fromLog(after: number, upTo: number) {
      for (let seq = after + 1; seq <= upTo; seq++) {
        await new Promise<void>((r) => (release = r));
        yield frame(seq, seq % 3 === 0 ? ['asylum'] : ['trafficking']);
      }
    },
    close: async () => {},
  } satisfies LiveHub;
  return {
    hub,
    /** Broadcasts a frame as the hub would. */
    broadcast(f: Frame) {
      hub.position = f.seq;
      for (const s of subs) s.offer(f);
    },
    /** Lets the log catch-up yield its next frame. */
    async step() {
      while (!release) await new Promise((r) => setImmediate(r));
      const r = release;
      release = null;
      r();
      await new Promise((r) => setImmediate(r));
    },
    get subscribers() {
      return subs.size;
    },
  };
}

function fakeSink() {
  const sink = {
    seqs: [] as number[],
    buffered: 0,
    ended: null as null | { why: string; after?: number },
    write: (f: Frame) => void sink.seqs.push(f.seq),
    drained: () => Promise.resolve(),
    heartbeat() {},
    overflow: (after: number) => void (sink.ended = { why: 'overflow', after }),
    revoked: () => void (sink.ended = { why: 'revoked' }),
    shutdown: () => void (sink.ended = { why: 'shutdown' }),
    fail: () => void (sink.ended = { why: 'fail' }),
  } satisfies LiveSink & Record<string, unknown>;
  return sink;
}

const settle = () => new Promise((r) => setImmediate(r));
const filter = new LiveFilter(ANONYMOUS, { themes: ['trafficking'] });
const opts = { maxBufferedBytes: 1000, maxPendingFrames: 100 };

t.test('log catch-up while live frames arrive: no gap, no duplicate, then live', async (t) => {
  const h = fakeHub(10);
  const conn = new LiveConnection({ hub: h.hub, filter, after: 0, ...opts });
  const sink = fakeSink();
  // Frames arrive before the transport exists, and between every step of the catch-up.
  h.broadcast(frame(11));
  conn.attach(sink);
  for (let seq = 12; seq <= 21; seq++) {
    await h.step();
    h.broadcast(frame(seq, seq % 2 === 0 ? ['trafficking'] : ['health']));
  }
  await settle();
  h.broadcast(frame(22));
  const expected = [1, 2, 4, 5, 7, 8, 10, 11, 12, 14, 16, 18, 20, 22];
  t.same(sink.seqs, expected);
  t.equal(conn.position, 22);
});

t.test('catch-up from memory, with a repeated seq dropped', async (t) => {
  const recent = new RecentFrames(0, 100, 1e9);
  for (let seq = 1; seq <= 5; seq++) recent.push(frame(seq));
  const h = fakeHub(5, recent.after(2));
  const conn = new LiveConnection({ hub: h.hub, filter, after: 2, ...opts });
  const sink = fakeSink();
  h.broadcast(frame(6));
  conn.attach(sink);
  h.broadcast(frame(6)); // the same seq again: never sent twice
  h.broadcast(frame(7));
  await settle();
  h.broadcast(frame(8));
  t.same(sink.seqs, [3, 4, 5, 6, 7, 8]);
});

t.test('without after: live from the hub position; after beyond it drops older seqs', async (t) => {
  const h = fakeHub(5);
  const live = new LiveConnection({ hub: h.hub, filter, ...opts });
  const ahead = new LiveConnection({ hub: h.hub, filter, after: 7, ...opts });
  t.equal(live.startAfter, 5);
  t.equal(ahead.startAfter, 7);
  const a = fakeSink();
  const b = fakeSink();
  live.attach(a);
  ahead.attach(b);
  await settle();
  for (let seq = 6; seq <= 9; seq++) h.broadcast(frame(seq));
  t.same(a.seqs, [6, 7, 8, 9]);
  t.same(b.seqs, [8, 9]);
});

t.test('too many live frames held during catch-up → overflow at the caught-up seq', async (t) => {
  const h = fakeHub(4);
  const conn = new LiveConnection({
    hub: h.hub,
    filter,
    after: 0,
    maxBufferedBytes: 1000,
    maxPendingFrames: 3,
  });
  const sink = fakeSink();
  conn.attach(sink);
  await h.step(); // seq 1 sent
  for (let seq = 5; seq <= 8; seq++) h.broadcast(frame(seq));
  t.same(sink.ended, { why: 'overflow', after: 1 });
  t.ok(conn.closed);
  t.equal(h.subscribers, 0, 'unsubscribed from the hub');
});

t.test('a full transport buffer in live mode → overflow with the last seq sent', async (t) => {
  const h = fakeHub(0);
  let closed = 0;
  const conn = new LiveConnection({ hub: h.hub, filter, ...opts, onClose: () => closed++ });
  const sink = fakeSink();
  conn.attach(sink);
  await settle();
  h.broadcast(frame(1));
  h.broadcast(frame(2, ['health'])); // not matching: position moves on
  sink.buffered = 1000;
  h.broadcast(frame(3));
  h.broadcast(frame(4));
  t.same(sink.seqs, [1]);
  t.same(sink.ended, { why: 'overflow', after: 2 });
  t.equal(closed, 1, 'onClose once');
});

t.test('visibility: members-only frames never reach another reader', async (t) => {
  const h = fakeHub(0);
  const reader = { kind: 'participant', participant: 'iom', role: 'reader', tokenId: 't' } as const;
  const anon = new LiveConnection({ hub: h.hub, filter: new LiveFilter(ANONYMOUS), ...opts });
  const iom = new LiveConnection({ hub: h.hub, filter: new LiveFilter(reader), ...opts });
  const a = fakeSink();
  const b = fakeSink();
  anon.attach(a);
  iom.attach(b);
  await settle();
  h.broadcast(frame(1, ['asylum'], { level: 'members' }));
  h.broadcast(frame(2, ['asylum'], { level: 'rcps', rcps: ['iom'] }));
  h.broadcast(frame(3, ['asylum']));
  t.same(a.seqs, [3]);
  t.same(b.seqs, [2, 3]);
});

t.test('RecentFrames keeps a bounded, contiguous window', async (t) => {
  const r = new RecentFrames(10, 3, 1e9);
  t.same(r.after(10), []);
  t.equal(r.after(9), null, 'older than the window');
  for (let seq = 11; seq <= 15; seq++) r.push(frame(seq));
  t.equal(r.base, 12);
  t.equal(r.after(11), null);
  t.same(
    r.after(12)!.map((f) => f.seq),
    [13, 14, 15],
  );
  t.same(
    r.after(14)!.map((f) => f.seq),
    [15],
  );
  const bytes = new RecentFrames(0, 100, frame(1).size * 2);
  for (let seq = 1; seq <= 5; seq++) bytes.push(frame(seq));
  t.equal(bytes.length, 2, 'bounded by bytes too');
  const none = new RecentFrames(0, 0, 1e9);
  none.push(frame(1));
  t.same(none.after(1), [], 'a disabled window still follows the position');
});

t.test('Frame: one unmasked WebSocket text frame around the JSON, any length', async (t) => {
  for (const padding of [0, 60_000, 70_000]) {
    const f = testFrame(7, { themes: ['asylum'], pad: 'é'.repeat(padding / 2) });
    const len = f.json.length;
    t.equal(f.ws[0], 0x81, 'FIN + text');
    const [lenAt, headerLen] = len < 126 ? [1, 2] : len < 65536 ? [2, 4] : [2, 10];
    const declared =
      headerLen === 2
        ? f.ws[1]!
        : headerLen === 4
          ? f.ws.readUInt16BE(lenAt)
          : Number(f.ws.readBigUInt64BE(lenAt));
    t.equal(declared, len, `length ${len}`);
    t.same(f.ws.subarray(headerLen), f.json);
    t.match(f.sse.toString(), new RegExp(`^id: 7\\nevent: org.rcpx.practice.shared\\ndata: \\{`));
  }
});

t.test(
  'catch-up under current audiences: chunked checks, withheld seqs skipped, then live',
  async (t) => {
    const recent = new RecentFrames(0, 1000, 1e9);
    for (let seq = 1; seq <= 600; seq++)
      recent.push(frame(seq, seq % 3 === 0 ? ['asylum'] : undefined));
    const h = fakeHub(600, recent.after(0));
    const checked: number[][] = [];
    const conn = new LiveConnection({
      hub: h.hub,
      filter,
      after: 0,
      ...opts,
      maxBufferedBytes: 1e9,
      // every seq ending in 5 was narrowed since
      withheld: async (_reader, seqs) => {
        checked.push([...seqs]);
        await settle();
        return new Set(seqs.filter((seq) => seq % 10 === 5));
      },
    });
    const sink = fakeSink();
    conn.attach(sink);
    h.broadcast(frame(601)); // live while catching up: current, never checked
    h.broadcast(frame(605));
    await waitUntil(() => sink.seqs.includes(605));
    const matching = (seq: number) => seq % 3 !== 0;
    const expected = Array.from({ length: 600 }, (_, i) => i + 1).filter(
      (seq) => matching(seq) && seq % 10 !== 5,
    );
    t.same(sink.seqs, [...expected, 601, 605]);
    t.ok(checked.length > 1 && checked.every((c) => c.length <= 256), 'checked in chunks');
    t.same(checked.flat(), Array.from({ length: 600 }, (_, i) => i + 1).filter(matching));
    t.equal(conn.position, 605);
  },
);

t.test('a failed audience check ends the catch-up: nothing unchecked is sent', async (t) => {
  const recent = new RecentFrames(0, 100, 1e9);
  for (let seq = 1; seq <= 5; seq++) recent.push(frame(seq));
  const h = fakeHub(5, recent.after(0));
  const conn = new LiveConnection({
    hub: h.hub,
    filter,
    after: 0,
    ...opts,
    withheld: () => Promise.reject(new Error('db down')),
  });
  const sink = fakeSink();
  conn.attach(sink);
  await waitUntil(() => conn.closed);
  t.same(sink.seqs, []);
  t.same(sink.ended, { why: 'fail' });
});

async function waitUntil(ok: () => boolean): Promise<void> {
  while (!ok()) await settle();
}
