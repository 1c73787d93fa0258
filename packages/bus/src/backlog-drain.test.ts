import t from 'tap';
import { append } from './append.ts';
import type { Bus } from './connect.ts';
import { consumeBatches } from './consume.ts';
import { replay } from './replay.ts';
import { subjectFor } from './stream.ts';
import { newEvent, testBus } from './test-helpers.ts';

// A backlog of events of 0.2–2 KB read by a busy reader (a projector folding a batch, the live
// hub): the pulls must keep coming until the backlog is drained. With byte-bounded pulls,
// consumeBatches stalled: nats.js kept the unused bytes of requests the server had completed by
// count as pending, so each new pull asked for less, until none was open and the batch waited
// 10 s for the last one to expire with thousands of messages left. replay, byte-bounded until
// then, waited up to ~2 s (its watcher ended the consumer whose heartbeats had stopped); both
// pull by count now.
const EVENTS = 40_000;
/** Far above any pause between two batches here, half consumeBatches' pull expiry (10 s). */
const STALL_MS = 5_000;

async function backlog(t: Parameters<typeof testBus>[0]): Promise<Bus> {
  const bus = await testBus(t);
  for (let i = 0; i < EVENTS; i += 500) {
    const writes: Promise<unknown>[] = [];
    for (let j = i; j < i + 500; j++) {
      const body = 'x'.repeat(200 + ((j * 7919) % 1800)); // 0.2–2 KB, as real events
      writes.push(append(bus, subjectFor(bus, 'practice', `p${j % 50}`), newEvent(1, { j, body })));
    }
    await Promise.all(writes);
  }
  return bus;
}

/** Holds the event loop, as a projector folding a batch does. */
function busy(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until);
}

t.test(
  'consumeBatches drains a backlog with a busy handler, never waiting for a pull to expire',
  async (t) => {
    const bus = await backlog(t);
    const ac = new AbortController();
    let handled = 0;
    let longest = 0;
    let last = Date.now();
    await consumeBatches(bus, {
      durable: 'drain',
      startSeq: 1,
      maxBatch: 5000,
      signal: ac.signal,
      handler: async (batch) => {
        const now = Date.now();
        longest = Math.max(longest, now - last);
        // as the projector: the previous batch's transactions (the socket is read meanwhile),
        // then this one's fold (it is not)
        await new Promise((resolve) => setTimeout(resolve, 200));
        busy(Math.ceil(batch.length / 100));
        handled += batch.length;
        last = Date.now();
        if (handled >= EVENTS) ac.abort();
      },
    });
    t.equal(handled, EVENTS, 'every event once');
    t.ok(longest < STALL_MS, `the longest wait for a batch (${longest} ms) is no pull's expiry`);
  },
);

t.test('replay drains a backlog for a slow reader', async (t) => {
  const bus = await backlog(t);
  const ac = new AbortController();
  let seen = 0;
  let longest = 0;
  let last = Date.now();
  for await (const e of replay(bus, { afterSeq: 0, signal: ac.signal })) {
    const now = Date.now();
    longest = Math.max(longest, now - last);
    seen++;
    if (e.seq % 2000 === 0) await new Promise((resolve) => setTimeout(resolve, 200));
    if (e.seq % 500 === 0) busy(20);
    last = Date.now();
    if (e.seq === EVENTS) ac.abort();
  }
  t.equal(seen, EVENTS, 'every event once');
  t.ok(longest < STALL_MS, `the longest wait for an event (${longest} ms) is < ${STALL_MS} ms`);
});
