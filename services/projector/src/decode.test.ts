import t from 'tap';
import { decode } from './decode.ts';
import { entry, practiceShared } from './test-fixtures.ts';

const good = practiceShared({ participant: 'bali-process' });

t.test('a valid known event decodes with seq, item id, owner and routing', async (t) => {
  const d = decode(entry(good, 7));
  t.ok(d.ok);
  if (!d.ok) return;
  t.match(d.event, {
    seq: 7,
    known: true,
    kind: 'practice',
    participant: 'bali-process',
    version: 1,
    themes: ['trafficking', 'border-management'],
    visibility: { level: 'public' },
  });
  t.equal(d.event.envelope.rcpxseq, 7);
});

t.test('data failing its schema is refused with the reason', async (t) => {
  const d = decode(entry({ ...good, data: { ...good.data, themes: ['no-such-theme'] } }, 1));
  t.notOk(d.ok);
  if (!d.ok) t.match(d.reason, /invalid data: themes/);
});

t.test('a broken envelope or a subject without an id is refused', async (t) => {
  t.notOk(decode({ seq: 1, event: 'not json' }).ok);
  t.notOk(decode({ seq: 1, event: { ...good, specversion: '0.3' } }).ok);
  t.notOk(
    decode({ seq: 1, subject: 'rcpx.events.practice.x', event: { ...good, subject: 'x' } }).ok,
  );
});

t.test('the item id falls back to the NATS subject', async (t) => {
  const id = good.subject.split('/')[1]!;
  const d = decode({
    seq: 1,
    subject: `rcpx.events.practice.${id}`,
    event: { ...good, subject: 'x' },
  });
  t.ok(d.ok && d.event.itemId === id);
});

t.test('unknown types decode as not known, their kind from the subject', async (t) => {
  const d = decode(entry({ ...good, type: 'org.rcpx.request.opened', data: {} }, 3));
  t.ok(d.ok && !d.event.known && d.event.kind === 'practice');
  if (d.ok) t.same([d.event.themes, d.event.visibility], [[], { level: 'members' }]);
});

t.test('a nested subject: the kind of the last collection, the item its last uuid', async (t) => {
  const [p, a] = ['7b0c5a3e-1f4e-4c51-9d0e-2b7a8f1c6d21', 'c2f0e1d4-5a6b-5c7d-8e9f-0a1b2c3d4e5f'];
  const d = decode({
    seq: 4,
    subject: `rcpx.events.adoption.${a}`,
    event: {
      ...good,
      type: 'org.rcpx.example.nested', // a type this build does not know
      subject: `practices/${p}/adoptions/${a}`,
      data: { stage: 'piloting', themes: ['health'], visibility: { level: 'public' } },
    },
  });
  t.ok(d.ok);
  if (d.ok) {
    t.match(d.event, { kind: 'adoption', itemId: a, parentId: p, themes: ['health'] });
    t.same(d.event.visibility, { level: 'public' });
  }
});
