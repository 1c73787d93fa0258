import t from 'tap';
import { append } from './append.ts';
import { connectBus } from './connect.ts';
import type { Bus } from './connect.ts';
import { consumeBatches } from './consume.ts';
import { replay, replayPulling } from './replay.ts';
import { ensureStream, subjectFor } from './stream.ts';
import { newEvent, spawnNats, uniqueNames } from './test-helpers.ts';
import type { OwnNats } from './test-helpers.ts';

// A backlog of large events read by a consumer that holds the event loop now and then (a busy
// gateway or projector): the server must never queue more for the connection than its pending
// limit, past which it drops messages ("Slow Consumer Detected") and the pull consumer stalls.
// The server here has an 8 MiB limit (64 MiB by default) so that a few hundred ~120 KB events
// are enough to show it: what matters is that the reads are bounded (a small count,
// `CONSUME_PULL_MESSAGES`), not a batch's worth of messages.
const EVENTS = 2_000;
const LARGE_EVERY = 10; // 200 events of ~120 KB
const LARGE = 'x'.repeat(120 * 1024);

async function floodedBus(
  t: Parameters<typeof spawnNats>[0],
): Promise<{ nats: OwnNats; bus: Bus }> {
  const nats = await spawnNats(t, 'max_pending: 8MB\n');
  const bus = await connectBus({ url: nats.url, ...uniqueNames(), name: 'flood-test' });
  t.teardown(() => bus.close());
  await ensureStream(bus);
  for (let i = 0; i < EVENTS; i += 100) {
    const batch: Promise<unknown>[] = [];
    for (let j = i; j < Math.min(EVENTS, i + 100); j++) {
      const large = j % LARGE_EVERY === 0;
      const data = large ? { i: j, body: LARGE } : { i: j };
      batch.push(append(bus, subjectFor(bus, 'practice', `p${j}`), newEvent(1, data)));
    }
    await Promise.all(batch);
  }
  return { nats, bus };
}

/** Holds the event loop (the socket is not read meanwhile), as a busy process does. */
function busy(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until);
}

const inOrderOnce = (seqs: number[]) => seqs.every((seq, i) => seq === i + 1);

t.test(
  'replay from 0 through a backlog of large events: in order, once, no slow consumer',
  async (t) => {
    const { nats, bus } = await floodedBus(t);
    const ac = new AbortController();
    const seqs: number[] = [];
    for await (const e of replay(bus, { afterSeq: 0, signal: ac.signal })) {
      seqs.push(e.seq);
      if (typeof e.event.data.body === 'string') busy(3);
      if (e.seq === EVENTS) ac.abort();
    }
    t.equal(seqs.length, EVENTS, 'every event, no duplicate');
    t.ok(inOrderOnce(seqs), 'in seq order, no gap');
    t.notMatch(nats.log(), /Slow Consumer/, 'the server never dropped messages');
  },
);

t.test(
  'consumeBatches through a backlog of large events: in order, once, no slow consumer',
  async (t) => {
    const { nats, bus } = await floodedBus(t);
    const ac = new AbortController();
    const seqs: number[] = [];
    const warnings: string[] = [];
    await consumeBatches(bus, {
      durable: 'flood',
      startSeq: 1,
      maxBatch: 5_000,
      signal: ac.signal,
      logger: { warn: (_obj, msg) => warnings.push(msg ?? '') },
      handler: async (batch) => {
        for (const e of batch) {
          if (e.seq <= (seqs.at(-1) ?? 0)) continue; // at least once: skip what is handled
          seqs.push(e.seq);
          if (typeof e.event.data.body === 'string') busy(3);
        }
        if (seqs.at(-1) === EVENTS) ac.abort();
      },
    });
    t.equal(seqs.length, EVENTS, 'every event, no duplicate');
    t.ok(inOrderOnce(seqs), 'in seq order, no gap');
    t.same(warnings, [], 'no gap had to be repaired');
    t.notMatch(nats.log(), /Slow Consumer/, 'the server never dropped messages');
  },
);

t.test('replay recovers when the server drops messages anyway (no stall for good)', async (t) => {
  // Pulling 1,024 at a time (as replay once did): the server drops, nats.js resets its ordered
  // consumer on the gap in delivery seqs and would then ask for 0 messages (its pending count not
  // reset) until heartbeats are missed, again and again; replay recreates it from the last seq.
  const { nats, bus } = await floodedBus(t);
  const ac = new AbortController();
  const seqs: number[] = [];
  const pull = { max_messages: 1024 };
  for await (const e of replayPulling(bus, { afterSeq: 0, signal: ac.signal }, pull)) {
    seqs.push(e.seq);
    if (typeof e.event.data.body === 'string') busy(3);
    if (e.seq === EVENTS) ac.abort();
  }
  t.equal(seqs.length, EVENTS, 'every event, no duplicate');
  t.ok(inOrderOnce(seqs), 'in seq order, no gap');
  t.match(nats.log(), /Slow Consumer/, 'the server did drop messages');
});
