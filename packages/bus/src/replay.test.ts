import t from 'tap';
import { append } from './append.ts';
import { replay } from './replay.ts';
import { subjectFor } from './stream.ts';
import { newEvent, testBus } from './test-helpers.ts';
import type { StoredEvent } from './stored-event.ts';

t.test('replay yields the seqs after afterSeq in order, then live events', async (t) => {
  const bus = await testBus(t);
  for (let i = 1; i <= 10; i++) {
    await append(bus, subjectFor(bus, 'practice', `p${i % 3}`), newEvent(1, { i }));
  }
  const ac = new AbortController();
  const seen: StoredEvent[] = [];
  const done = (async () => {
    for await (const e of replay(bus, { afterSeq: 4, signal: ac.signal })) {
      seen.push(e);
      if (e.seq === 10) {
        await append(bus, subjectFor(bus, 'meeting', 'live'), newEvent(1, { live: true }));
      }
      if (e.seq === 11) ac.abort();
    }
  })();
  await done;
  t.same(
    seen.map((e) => e.seq),
    [5, 6, 7, 8, 9, 10, 11],
  );
  t.same(
    seen.map((e) => e.event.rcpxseq),
    [5, 6, 7, 8, 9, 10, 11],
  );
  t.equal(seen[6]!.event.data.live, true, 'the live event');
  t.equal(seen[6]!.subject, subjectFor(bus, 'meeting', 'live'));
});

t.test('replay from 0 yields everything; breaking out of the loop ends it', async (t) => {
  const bus = await testBus(t);
  for (let i = 1; i <= 3; i++) await append(bus, subjectFor(bus, 'practice', 'a'), newEvent(i));
  const seqs: number[] = [];
  for await (const e of replay(bus, { afterSeq: 0 })) {
    seqs.push(e.seq);
    if (e.seq === 3) break;
  }
  t.same(seqs, [1, 2, 3]);
});

t.test('replay of an idle log ends when the signal aborts', async (t) => {
  const bus = await testBus(t);
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 200);
  const seqs: number[] = [];
  for await (const e of replay(bus, { afterSeq: 0, signal: ac.signal })) seqs.push(e.seq);
  t.same(seqs, []);
});

t.test('replay with an already aborted signal yields nothing', async (t) => {
  const bus = await testBus(t);
  await append(bus, subjectFor(bus, 'practice', 'a'), newEvent());
  const seqs: number[] = [];
  for await (const e of replay(bus, { afterSeq: 0, signal: AbortSignal.abort() })) {
    seqs.push(e.seq);
  }
  t.same(seqs, []);
});
