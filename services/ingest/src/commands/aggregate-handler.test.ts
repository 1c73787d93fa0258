import { randomUUID } from 'node:crypto';
import t from 'tap';
import { readSubject, subjectFor } from '@rcpx/bus';
import { openTestDeps } from '@rcpx/testing';
import { bodyHashFor, msgIdFor } from '../idempotency.ts';
import { handleAggregate, type AggregateDecider } from './aggregate-handler.ts';

// A guest book: each participant signs once (a second signature is refused); signatures of
// different participants land on one subject, so they contend for its last sequence.
interface Book {
  signed: Set<string>;
}
type Sign = { book: string; participant: string };

const guestBook: AggregateDecider<Sign, Book> = {
  initialState: () => ({ signed: new Set() }),
  decide(command, state) {
    if (state.signed.has(command.participant)) {
      return { ok: false, error: { code: 'conflict', detail: 'signed already' } };
    }
    return {
      ok: true,
      event: {
        type: 'org.rcpx.test.signed',
        subject: `books/${command.book}/signatures/${randomUUID()}`,
        version: 1,
        data: { themes: [], visibility: { level: 'public' }, by: command.participant },
      },
    };
  },
  evolve: (state, event) => ({ signed: new Set([...state.signed, event.owner]) }),
};

t.test(
  'concurrent commands on one subject are all decided on the state they land on',
  async (t) => {
    const { bus } = await openTestDeps(t);
    const book = randomUUID();
    const sign = (participant: string) =>
      handleAggregate(bus, guestBook, {
        kind: 'book',
        id: book,
        command: { book, participant },
        participant,
        idempotency: undefined,
        status: 201,
        retries: 50,
      });
    // 20 participants, each signing twice at once: exactly one signature each
    const participants = Array.from({ length: 20 }, (_, i) => `p${i}`);
    const results = await Promise.all(participants.flatMap((p) => [sign(p), sign(p)]));
    t.equal(results.filter((r) => r.ok).length, 20, 'one accepted per participant');
    t.ok(
      results.every((r) => r.ok || r.error.code === 'conflict'),
      'the others refused as conflicts',
    );
    const owners: string[] = [];
    for await (const s of readSubject(bus, subjectFor(bus, 'book', book))) {
      owners.push(s.event.source);
    }
    t.equal(new Set(owners).size, 20, 'the subject holds one signature per participant');
    t.equal(owners.length, 20);

    const first = results.find((r) => r.ok);
    if (first?.ok) t.match(first.outcome.location, new RegExp(`^/v1/books/${book}/signatures/`));
  },
);

t.test('a retry with the same key is answered as the first write, even once refused', async (t) => {
  const { bus } = await openTestDeps(t);
  const book = randomUUID();
  const idempotency = {
    msgId: msgIdFor('p1', 'key-1'),
    bodyHash: bodyHashFor('POST', `/books/${book}`, {}),
  };
  const input = {
    kind: 'book',
    id: book,
    command: { book, participant: 'p1' },
    participant: 'p1',
    idempotency,
    status: 201 as const,
  };
  const first = await handleAggregate(bus, guestBook, input);
  const again = await handleAggregate(bus, guestBook, input);
  t.ok(first.ok && again.ok);
  if (first.ok && again.ok) {
    t.same(again.outcome.result, first.outcome.result, 'same id, version and seq');
    t.equal(again.outcome.replayed, true);
    t.equal(again.outcome.status, 201);
  }
  const other = await handleAggregate(bus, guestBook, { ...input, idempotency: undefined });
  t.same(other.ok ? null : other.error.code, 'conflict', 'without the key: refused');
});
