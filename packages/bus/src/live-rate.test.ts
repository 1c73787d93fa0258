import t from 'tap';
import { setTimeout as delay } from 'node:timers/promises';
import { append } from './append.ts';
import { replay } from './replay.ts';
import { subjectFor } from './stream.ts';
import { newEvent, testBus } from './test-helpers.ts';

// Followers of a log written at a sustained rate (the live hub under the all-in-one's load, and
// the catch-ups beside it on the same connection): each event reaches each of them soon after
// its ack. With byte-bounded pulls, nats.js's pending count drifted until the pull asked for less
// than a message; delivery then stopped until the replay's watcher ended the consumer (~2 s of
// missing heartbeats): at 3,000 events/s every follower waited ~3 s every few seconds.
const RATE = 3_000; // events/s
const SECONDS = 6;
const FOLLOWERS = 4;
/** Far above a follower's wait here (tens of ms), below the watcher's 2 s: a stall. */
const STALL_MS = 1_500;

t.test(`${FOLLOWERS} followers of a log written at ${RATE}/s: no event waits`, async (t) => {
  const bus = await testBus(t);
  const ac = new AbortController();
  const ackedAt = new Map<number, number>();
  const total = RATE * SECONDS;

  const follow = async () => {
    const seqs: number[] = [];
    let longest = 0;
    for await (const e of replay(bus, { afterSeq: 0, signal: ac.signal })) {
      seqs.push(e.seq);
      const acked = ackedAt.get(e.seq);
      if (acked !== undefined) longest = Math.max(longest, Date.now() - acked);
      if (seqs.length === total) break;
    }
    return { seqs, longest };
  };
  const followers = Array.from({ length: FOLLOWERS }, follow);

  // appends in rounds of 30, paced to RATE; a round's acks are awaited (ackedAt is their time)
  const started = Date.now();
  for (let i = 0; i < total; i += 30) {
    const wait = started + (i / RATE) * 1000 - Date.now();
    if (wait > 0) await delay(wait);
    await Promise.all(
      Array.from({ length: 30 }, (_, k) => {
        const j = i + k;
        const body = 'x'.repeat(200 + ((j * 7919) % 1800)); // 0.2–2 KB, as real events
        const subject = subjectFor(bus, 'practice', `p${j % 50}`);
        return append(bus, subject, newEvent(1, { j, body })).then((r) => {
          ackedAt.set(r.seq, Date.now());
        });
      }),
    );
  }
  const timeout = setTimeout(() => ac.abort(), 30_000);
  const results = await Promise.all(followers);
  clearTimeout(timeout);

  for (const [i, { seqs, longest }] of results.entries()) {
    t.equal(seqs.length, total, `follower ${i}: every event`);
    t.ok(
      seqs.every((seq, k) => seq === k + 1),
      `follower ${i}: in seq order, once`,
    );
    t.ok(longest < STALL_MS, `follower ${i}: the longest ack → read (${longest} ms) < ${STALL_MS}`);
  }
});
