import t from 'tap';
import { EVENT_TYPES } from '@rcpx/contracts';
import { fold } from '../../projection.ts';
import {
  baliPractice,
  colomboPractice,
  idOf,
  itemRevised,
  itemWithdrawn,
  meetingData,
  meetingRecorded,
  publicationData,
  practiceRevised,
  practiceShared,
  practiceWithdrawn,
  projected,
  publicationReleased,
} from '../../test-fixtures.ts';
import type { NewEvent } from '@rcpx/contracts';
import { evolve } from './evolve.ts';
import { itemsProjection } from './projection.ts';
import type { ItemState } from './types.ts';

/** Given `given`, when `when`: the item's state. */
function stateAfter(given: NewEvent[], when: NewEvent): ItemState | undefined {
  const events = projected([...given, when]);
  const prior = events.slice(0, -1).reduce<ItemState | undefined>(evolve, undefined);
  return evolve(prior, events[events.length - 1]!);
}

const shared = practiceShared({ participant: 'bali-process', minute: 0 });
const id = idOf(shared);

t.test('given nothing, when a practice is shared: its full state', async (t) => {
  const s = stateAfter([], shared)!;
  t.match(s, {
    id,
    kind: 'practice',
    participant: 'bali-process',
    version: 1,
    status: 'active',
    themes: ['trafficking', 'border-management'],
    countries: ['ID', 'AU'],
    vis_level: 'public',
    vis_rcps: [],
    title: baliPractice().title,
    summary: baliPractice().summary,
    created_seq: 1,
    updated_seq: 1,
    created_at: '2026-03-02T09:00:00.000Z',
    updated_at: '2026-03-02T09:00:00.000Z',
  });
  t.same(s.data, baliPractice(), 'data is the full data');
});

t.test('given a practice, when revised: the state is replaced by the new data', async (t) => {
  const revised = practiceRevised(
    { participant: 'bali-process', id, version: 2, minute: 5 },
    colomboPractice(),
    ['title', 'themes', 'visibility'],
  );
  const s = stateAfter([shared], revised)!;
  t.match(s, {
    version: 2,
    status: 'active',
    themes: ['labour-migration', 'remittances', 'gender'],
    vis_level: 'rcps',
    vis_rcps: ['bali-process', 'apc'],
    countries: ['LK', 'NP', 'PH'],
    created_seq: 1,
    updated_seq: 2,
    created_at: '2026-03-02T09:00:00.000Z',
    updated_at: '2026-03-02T09:05:00.000Z',
  });
  t.same(s.data, colomboPractice(), 'no `changed`, nothing of the old data');
});

t.test('given a revised practice, when withdrawn: withdrawn, last data kept', async (t) => {
  const revised = practiceRevised(
    { participant: 'bali-process', id, version: 2, minute: 5 },
    colomboPractice(),
  );
  const withdrawn = practiceWithdrawn(
    { participant: 'bali-process', id, version: 3, minute: 9 },
    {
      title: colomboPractice().title,
      themes: colomboPractice().themes,
      visibility: colomboPractice().visibility,
      reason: 'Programme ended',
    },
  );
  const s = stateAfter([shared, revised], withdrawn)!;
  t.match(s, { version: 3, status: 'withdrawn', updated_seq: 3, vis_level: 'rcps' });
  t.same(s.data, {
    ...colomboPractice(),
    withdrawal: { reason: 'Programme ended', seq: 3, time: '2026-03-02T09:09:00.000Z' },
  });
});

t.test('given a withdrawn practice, when revised anyway: it stays withdrawn', async (t) => {
  const withdrawn = practiceWithdrawn(
    { participant: 'bali-process', id, version: 2 },
    { title: baliPractice().title, themes: ['trafficking'], visibility: { level: 'public' } },
  );
  const before = stateAfter([shared], withdrawn);
  const after = stateAfter(
    [shared, withdrawn],
    practiceRevised({ participant: 'bali-process', id, version: 3 }, colomboPractice()),
  );
  t.same(after, before);
  t.same(before?.data.withdrawal, { seq: 2, time: '2026-03-02T09:00:00.000Z' }, 'no reason given');
});

t.test('given nothing, when a meeting outcome is recorded', async (t) => {
  const m = meetingRecorded({ participant: 'colombo-process' });
  const s = stateAfter([], m)!;
  t.match(s, {
    kind: 'meeting',
    participant: 'colombo-process',
    title: { en: 'Sixth Ministerial Consultation' },
    summary: { fr: 'Engagements sur le recrutement équitable.' },
    countries: ['LK'],
    themes: ['labour-migration'],
  });
});

t.test('given nothing, when a publication is released', async (t) => {
  const s = stateAfter([], publicationReleased({ participant: 'iom' }))!;
  t.match(s, {
    kind: 'publication',
    participant: 'iom',
    vis_level: 'members',
    countries: [],
    title: { es: 'Ley modelo sobre la trata de personas' },
  });
});

t.test('unknown event types leave the state as it is', async (t) => {
  const prior = stateAfter([], shared);
  const [unknown] = projected([{ ...shared, type: 'org.rcpx.practice.featured', rcpxversion: 2 }]);
  t.equal(unknown!.known, false);
  t.equal(evolve(prior, unknown!), prior);
});

t.test('fold keeps the last state per item', async (t) => {
  const other = practiceShared({ participant: 'colombo-process' }, colomboPractice());
  const events = projected([
    shared,
    other,
    practiceRevised({ participant: 'bali-process', id, version: 2 }, baliPractice()),
  ]);
  t.same(
    events.map((e) => [e.itemId, e.version, e.type]),
    [
      [id, 1, EVENT_TYPES.practiceShared],
      [idOf(other), 1, EVENT_TYPES.practiceShared],
      [id, 2, EVENT_TYPES.practiceRevised],
    ],
  );
  const states = fold(itemsProjection, new Map(), events);
  t.equal(states.size, 2);
  t.equal(states.get(id)?.version, 2);
  t.equal(states.get(id)?.created_seq, 1);
});

t.test('meetings and publications: revised replaces the state, withdrawn is final', async (t) => {
  const recorded = meetingRecorded({ participant: 'midsa' });
  const mid = idOf(recorded);
  const data = meetingData();
  const revised = itemRevised(
    'meeting',
    { participant: 'midsa', id: mid, version: 2, minute: 1 },
    { ...data, themes: ['health'] },
    ['themes'],
  );
  const s = stateAfter([recorded], revised)!;
  t.match(s, { id: mid, kind: 'meeting', version: 2, status: 'active', themes: ['health'] });
  t.notOk('changed' in s.data);
  const released = publicationReleased({ participant: 'iom' });
  const pid = idOf(released);
  const pub = publicationData();
  const withdrawn = itemWithdrawn(
    'publication',
    { participant: 'iom', id: pid, version: 2, minute: 1 },
    { title: pub.title, themes: pub.themes, visibility: pub.visibility, reason: 'Old.' },
  );
  const w = stateAfter([released], withdrawn)!;
  t.match(w, {
    id: pid,
    status: 'withdrawn',
    version: 2,
    data: { url: pub.url, withdrawal: { reason: 'Old.' } },
  });
  const later = itemRevised('publication', { participant: 'iom', id: pid, version: 3 }, pub, []);
  t.equal(stateAfter([released, withdrawn], later)!.status, 'withdrawn');
});
