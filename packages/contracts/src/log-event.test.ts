import t from 'tap';
import { decodeLogEvent, routingOf } from './log-event.ts';
import { readVisibility, visibilityOfColumns } from './visibility.ts';

const ID = '7b0c5a3e-1f4e-4c51-9d0e-2b7a8f1c6d21';
const practice = {
  specversion: '1.0',
  id: 'c2f0e1d4-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
  source: '/participants/bali-process',
  type: 'org.rcpx.practice.shared',
  subject: `practices/${ID.toUpperCase()}`,
  time: '2026-03-02T09:00:00.000Z',
  datacontenttype: 'application/json',
  rcpxversion: 1,
  data: { title: { en: 'Screening' }, themes: ['health'], visibility: { level: 'members' } },
};

t.test(
  'a known event: its kind and item from the subject, its routing from its data',
  async (t) => {
    const json = JSON.stringify({ ...practice, rcpxseq: 5 });
    const entry = { seq: 5, event: JSON.parse(json) as unknown, json };
    const d = decodeLogEvent(entry);
    t.ok(d.ok);
    if (!d.ok) return;
    t.match(d.event, {
      seq: 5,
      kind: 'practice',
      itemId: ID,
      participant: 'bali-process',
      themes: ['health'],
      visibility: { level: 'members' },
      known: true,
      json,
    });
    t.notOk('parentId' in d.event);
  },
);

t.test('the seq of the entry wins; the JSON text is kept only for the entry itself', async (t) => {
  const d = decodeLogEvent({ seq: 8, event: practice, json: '{}' });
  t.ok(d.ok && d.event.envelope.rcpxseq === 8 && d.event.json === undefined);
  t.notOk('rcpxseq' in practice, 'the entry is left as it is');
});

t.test('routingOf reads any data leniently, never wider than written', async (t) => {
  t.same(routingOf(undefined), { themes: [], visibility: { level: 'members' } });
  t.same(routingOf({ themes: ['a', 1], visibility: { level: 'public' } }), {
    themes: ['a'],
    visibility: { level: 'public' },
  });
  t.same(routingOf({ visibility: { level: 'rcps' } }).visibility, { level: 'members' });
  t.same(routingOf({ visibility: { level: 'rcps', rcps: [] } }).visibility, { level: 'members' });
  t.same(routingOf({ visibility: { level: 'everyone' } }).visibility, { level: 'members' });
  t.same(routingOf({ visibility: { level: 'rcps', rcps: ['iom'] } }).visibility, {
    level: 'rcps',
    rcps: ['iom'],
  });
  t.equal(readVisibility({ level: 'everyone' }), undefined);
});

t.test('visibility columns read back, fail-closed', async (t) => {
  t.same(visibilityOfColumns('public', []), { level: 'public' });
  t.same(visibilityOfColumns('rcps', ['iom']), { level: 'rcps', rcps: ['iom'] });
  t.same(visibilityOfColumns('rcps', []), { level: 'members' });
  t.same(visibilityOfColumns('members', ['iom']), { level: 'members' });
  t.same(visibilityOfColumns('???', []), { level: 'members' });
});
