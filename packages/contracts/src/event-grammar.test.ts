import t from 'tap';
import {
  KIND_COLLECTIONS,
  PARENT_KINDS,
  eventSubject,
  kindOfCollection,
  natsSubject,
  parseEventSubject,
  parseNatsSubject,
  participantOfSource,
  sourceOf,
  type EventKind,
} from './event-grammar.ts';

const P = '7b0c5a3e-1f4e-4c51-9d0e-2b7a8f1c6d21';
const C = 'c2f0e1d4-5a6b-5c7d-8e9f-0a1b2c3d4e5f';

t.test('source: /participants/<slug>, both ways', async (t) => {
  t.equal(sourceOf('bali-process'), '/participants/bali-process');
  t.equal(participantOfSource(sourceOf('iom')), 'iom');
  t.equal(participantOfSource('urn:other'), 'urn:other');
});

t.test('subjects of the shared conventions', async (t) => {
  t.equal(eventSubject('practice', P), `practices/${P}`);
  t.equal(eventSubject('query', P), `queries/${P}`);
  t.equal(eventSubject('membership', P), `memberships/${P}`);
  t.equal(eventSubject('adoption', C, P), `practices/${P}/adoptions/${C}`);
  t.equal(eventSubject('followup', C, P), `meetings/${P}/follow-ups/${C}`);
  t.equal(eventSubject('reply', C, P), `queries/${P}/replies/${C}`);
  t.throws(() => eventSubject('reply', C), /needs its query's id/);
});

t.test('every kind reads back from the subject it writes', async (t) => {
  for (const kind of Object.keys(KIND_COLLECTIONS) as EventKind[]) {
    const parent = PARENT_KINDS[kind];
    const parts = parseEventSubject(eventSubject(kind, C, P));
    t.equal(kindOfCollection(KIND_COLLECTIONS[kind]), kind);
    t.match(parts, { kind, id: C }, kind);
    t.same(
      parts?.parent,
      parent ? { kind: parent, collection: KIND_COLLECTIONS[parent], id: P } : undefined,
    );
  }
});

t.test(
  'parsing: the last uuid is the item, ids in lower case, unknown collections kept',
  async (t) => {
    t.same(parseEventSubject(`requests/${P.toUpperCase()}`), {
      kind: undefined,
      collection: 'requests',
      id: P,
    });
    for (const bad of [
      'x',
      `practices/x`,
      `practices/${P}/`,
      `practices/${P}/adoptions`,
      `/${P}`,
      `Practices/${P}`,
      `a/${P}/b/${C}/c/${P}`,
    ]) {
      t.equal(parseEventSubject(bad), null, bad);
    }
  },
);

t.test('NATS subjects: <prefix>.events.<kind>.<id>', async (t) => {
  t.equal(natsSubject('rcpx', 'query', P), `rcpx.events.query.${P}`);
  t.same(parseNatsSubject(natsSubject('a.b', 'followup', C)), { kind: 'followup', id: C });
  t.equal(parseNatsSubject(`rcpx.other.query.${P}`), null);
  t.equal(parseNatsSubject('events.x'), null);
});
