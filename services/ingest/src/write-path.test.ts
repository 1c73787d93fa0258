import t from 'tap';
import type { StoredEvent } from '@rcpx/bus';
import { eventSubject, type EventKind } from '@rcpx/contracts';
import { BODY_HASH_HEADER, STATUS_HEADER, answerDuplicate } from './write-path.ts';

// answerDuplicate answers a retry from the stored event alone: the written item is the subject's
// last uuid, whatever the kind (nested ones included).

const P = '7b0c5a3e-1f4e-4c51-9d0e-2b7a8f1c6d21';
const C = 'c2f0e1d4-5a6b-5c7d-8e9f-0a1b2c3d4e5f';
const idem = { msgId: 'm', bodyHash: 'h' };

function stored(subject: string, status = '201'): StoredEvent {
  const event = { subject, rcpxversion: 2 } as StoredEvent['event'];
  return {
    seq: 9,
    subject: 'rcpx.events.x.y',
    event,
    json: '{}',
    headers: { [BODY_HASH_HEADER]: 'h', [STATUS_HEADER]: status },
    storedAt: new Date(),
  };
}

t.test('a retry is answered with the written item, nested subjects included', async (t) => {
  const cases: [EventKind, string | undefined][] = [
    ['practice', undefined],
    ['query', undefined],
    ['adoption', P],
    ['followup', P],
    ['reply', P],
  ];
  for (const [kind, parent] of cases) {
    const subject = eventSubject(kind, C, parent);
    t.same(answerDuplicate(stored(subject), idem), {
      status: 201,
      location: `/v1/${subject}`,
      result: { id: C, version: 2, seq: 9 },
      replayed: true,
    });
  }
  t.equal(answerDuplicate(stored(`practices/${C}`, '200'), idem).status, 200);
});

const statusOf = (f: () => unknown): unknown => {
  try {
    f();
  } catch (err) {
    return (err as { status?: number }).status;
  }
  return undefined;
};

t.test('another request under the key is refused; a foreign subject is an error', async (t) => {
  t.equal(
    statusOf(() => answerDuplicate(stored(`practices/${C}`), { ...idem, bodyHash: 'x' })),
    422,
  );
  t.throws(() => answerDuplicate(stored('nowhere'), idem), /no item subject/);
  t.equal(
    statusOf(() => answerDuplicate(null, idem)),
    409,
  );
});
