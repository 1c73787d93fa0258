import t from 'tap';
import { append } from './append.ts';
import { WrongLastSequenceError } from './errors.ts';
import { lastOnSubject, readBySeq, readSubject } from './read.ts';
import { lastSeq, subjectFor } from './stream.ts';
import { newEvent, testBus } from './test-helpers.ts';
import type { StoredEvent } from './stored-event.ts';

t.test('append, then read by seq and last on subject', async (t) => {
  const bus = await testBus(t);
  t.equal(await lastSeq(bus), 0, 'empty stream');
  const subject = subjectFor(bus, 'practice', 'a');
  t.equal(subject, `${bus.prefix}.events.practice.a`);
  const e1 = newEvent(1, { n: 1 });
  const r1 = await append(bus, subject, e1, {
    expectedLastSubjectSeq: 0,
    msgId: 'key-1',
    headers: { 'Rcpx-Body-Hash': 'abc', 'Rcpx-Status': '201' },
  });
  t.same(r1, { seq: 1, duplicate: false });

  const got = await readBySeq(bus, 1);
  t.ok(got);
  t.equal(got!.seq, 1);
  t.equal(got!.subject, subject);
  t.same(got!.event, { ...e1, rcpxseq: 1 }, 'payload round-trips, rcpxseq = seq');
  t.same(got!.headers, { 'Rcpx-Body-Hash': 'abc', 'Rcpx-Status': '201', 'Nats-Msg-Id': 'key-1' });
  t.equal(got!.msgId, 'key-1');
  t.ok(got!.storedAt instanceof Date && !Number.isNaN(got!.storedAt.getTime()));

  const e2 = newEvent(2, { n: 2 });
  const r2 = await append(bus, subject, e2, { expectedLastSubjectSeq: 1 });
  t.same(r2, { seq: 2, duplicate: false });
  await append(bus, subjectFor(bus, 'practice', 'b'), newEvent());

  const last = await lastOnSubject(bus, subject);
  t.equal(last?.seq, 2);
  t.same(last?.event, { ...e2, rcpxseq: 2 });
  t.same(last?.headers, {}, 'no server headers leak into the event headers');
  t.equal(last?.msgId, undefined);
  t.equal(await lastSeq(bus), 3);

  t.equal(await readBySeq(bus, 99), null, 'missing seq → null');
  t.equal(await readBySeq(bus, 0), null);
  t.equal(await lastOnSubject(bus, subjectFor(bus, 'practice', 'none')), null);
});

t.test('readSubject yields one subject, oldest first', async (t) => {
  const bus = await testBus(t);
  const a = subjectFor(bus, 'meeting', 'a');
  const b = subjectFor(bus, 'meeting', 'b');
  for (let i = 0; i < 6; i++) await append(bus, i % 2 ? b : a, newEvent(i + 1));
  const seqs = async (s: string) => {
    const out: StoredEvent[] = [];
    for await (const e of readSubject(bus, s)) out.push(e);
    return out.map((e) => e.seq);
  };
  t.same(await seqs(a), [1, 3, 5]);
  t.same(await seqs(b), [2, 4, 6]);
  t.same(await seqs(subjectFor(bus, 'meeting', 'c')), []);
});

t.test('expectedLastSubjectSeq 0: a second create on the subject is rejected', async (t) => {
  const bus = await testBus(t);
  const subject = subjectFor(bus, 'practice', 'x');
  await append(bus, subject, newEvent(), { expectedLastSubjectSeq: 0 });
  const err = await append(bus, subject, newEvent(), { expectedLastSubjectSeq: 0 }).catch(
    (e: unknown) => e,
  );
  t.ok(err instanceof WrongLastSequenceError, 'the 0 is sent, not dropped');
  t.equal((err as WrongLastSequenceError).expectedLastSubjectSeq, 0);
  t.equal(await lastSeq(bus), 1);
});

t.test('two concurrent appends with the same expected seq: exactly one wins', async (t) => {
  const bus = await testBus(t);
  const subject = subjectFor(bus, 'practice', 'race');
  const { seq } = await append(bus, subject, newEvent(1), { expectedLastSubjectSeq: 0 });
  const results = await Promise.allSettled(
    Array.from({ length: 5 }, () =>
      append(bus, subject, newEvent(2), { expectedLastSubjectSeq: seq }),
    ),
  );
  const won = results.filter((r) => r.status === 'fulfilled');
  const lost = results.filter((r) => r.status === 'rejected');
  t.equal(won.length, 1);
  t.equal(lost.length, 4);
  for (const r of lost) t.ok(r.reason instanceof WrongLastSequenceError);
});

t.test('msgId dedupe returns the original seq with duplicate: true', async (t) => {
  const bus = await testBus(t);
  const subject = subjectFor(bus, 'publication', 'p');
  const first = await append(bus, subject, newEvent(1), { msgId: 'k' });
  await append(bus, subjectFor(bus, 'publication', 'q'), newEvent(1));
  const again = await append(bus, subject, newEvent(1), { msgId: 'k' });
  t.same(again, { seq: first.seq, duplicate: true });
  t.equal(await lastSeq(bus), 2, 'nothing stored by the duplicate');
});

// nats-server 2.9.10 checks the msg-id dedupe BEFORE the expected-last-subject-sequence: a retry
// of a stored write answers "duplicate" (original seq) even though its expectation is now stale.
// A write rejected for its expectation does not record its msg id.
t.test('dedupe is checked before the last-subject-sequence expectation', async (t) => {
  const bus = await testBus(t);
  const subject = subjectFor(bus, 'practice', 'order');
  const create = await append(bus, subject, newEvent(1), {
    msgId: 'create-key',
    expectedLastSubjectSeq: 0,
  });
  const revise = await append(bus, subject, newEvent(2), {
    msgId: 'revise-key',
    expectedLastSubjectSeq: create.seq,
  });

  // Retries: expectations no longer match (the subject's last seq has moved on).
  t.same(
    await append(bus, subject, newEvent(1), { msgId: 'create-key', expectedLastSubjectSeq: 0 }),
    { seq: create.seq, duplicate: true },
    'create retried → duplicate, not wrong-last-sequence',
  );
  t.same(
    await append(bus, subject, newEvent(2), {
      msgId: 'revise-key',
      expectedLastSubjectSeq: create.seq,
    }),
    { seq: revise.seq, duplicate: true },
    'revise retried with its stale expectation → duplicate',
  );

  // A rejected write leaves no trace of its msg id.
  await t.rejects(
    append(bus, subject, newEvent(3), { msgId: 'late-key', expectedLastSubjectSeq: create.seq }),
    WrongLastSequenceError,
  );
  t.same(
    await append(bus, subject, newEvent(3), {
      msgId: 'late-key',
      expectedLastSubjectSeq: revise.seq,
    }),
    { seq: revise.seq + 1, duplicate: false },
    'same msg id with a current expectation is stored',
  );
});

t.test('a subject outside the stream is a programming error', async (t) => {
  const bus = await testBus(t);
  await t.rejects(append(bus, 'elsewhere.events.practice.a', newEvent()), /outside/);
});

t.test('the appends of one turn go out together, in call order', async (t) => {
  const bus = await testBus(t);
  const before = bus.nc.stats();
  // 200 appends started in one turn: each gets its own seq, in the order they were called
  const results = await Promise.all(
    Array.from({ length: 200 }, (_, i) =>
      append(bus, subjectFor(bus, 'practice', `p${i}`), newEvent(i + 1), {
        expectedLastSubjectSeq: 0,
      }),
    ),
  );
  t.same(
    results.map((r) => r.seq),
    Array.from({ length: 200 }, (_, i) => i + 1),
  );
  const after = bus.nc.stats();
  t.equal(after.outMsgs - before.outMsgs, 200, 'one publish each');
  // and later turns go on working (the turn's promise is not kept)
  const next = await append(bus, subjectFor(bus, 'practice', 'later'), newEvent(201));
  t.equal(next.seq, 201);
});
