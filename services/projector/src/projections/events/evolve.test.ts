import t from 'tap';
import { fold } from '../../projection.ts';
import {
  colomboPractice,
  idOf,
  practiceShared,
  practiceWithdrawn,
  projected,
} from '../../test-fixtures.ts';
import { evolve } from './evolve.ts';
import { eventsProjection } from './projection.ts';

const shared = practiceShared({ participant: 'colombo-process' }, colomboPractice());
const id = idOf(shared);

t.test('given nothing, when an event: its mirror row with its own routing fields', async (t) => {
  const [e] = projected([shared], 41);
  const row = evolve(undefined, e!);
  t.same(row, {
    seq: 41,
    id: shared.id,
    type: 'org.rcpx.practice.shared',
    kind: 'practice',
    item_id: id,
    participant: 'colombo-process',
    themes: ['labour-migration', 'remittances', 'gender'],
    vis_level: 'rcps',
    vis_rcps: ['bali-process', 'apc'],
    time: shared.time,
    envelope: { ...shared, rcpxseq: 41 },
    json: JSON.stringify({ ...shared, rcpxseq: 41 }),
    parent_id: null,
  });
});

t.test("when a sub-aggregate's event: its parent item in parent_id", async (t) => {
  const child = '0b6f1f5e-6a55-4c4c-9d7e-3f2b8f6e9a10';
  const [e] = projected([
    { ...shared, type: 'org.rcpx.note.added', subject: `practices/${id}/notes/${child}` },
  ]);
  t.match(evolve(undefined, e!), { item_id: child, parent_id: id });
});

t.test('given events, when a withdrawal: routed by its own data', async (t) => {
  const withdrawn = practiceWithdrawn(
    { participant: 'colombo-process', id, version: 2 },
    { title: { en: 'x' }, themes: ['gender'], visibility: { level: 'members' } },
  );
  const rows = fold(eventsProjection, new Map(), projected([shared, withdrawn]));
  t.same([...rows.keys()], ['1', '2']);
  t.match(rows.get('2'), { item_id: id, themes: ['gender'], vis_level: 'members', vis_rcps: [] });
});

t.test(
  'when an unknown (future) type: mirrored, members-only unless it routes itself',
  async (t) => {
    const [plain, routed] = projected([
      { ...shared, type: 'org.rcpx.request.opened', subject: `requests/${id}`, data: { x: 1 } },
      {
        ...shared,
        type: 'org.rcpx.adoption.reported',
        subject: `adoptions/${id}`,
        data: { themes: ['health'], visibility: { level: 'public' }, note: 'new' },
      },
    ]);
    t.match(evolve(undefined, plain!), { kind: 'request', themes: [], vis_level: 'members' });
    t.match(evolve(undefined, routed!), {
      kind: 'adoption',
      themes: ['health'],
      vis_level: 'public',
    });
  },
);

t.test('given the row of a seq, the same seq again changes nothing', async (t) => {
  const [e] = projected([shared]);
  const row = evolve(undefined, e!);
  t.equal(evolve(row, e!), row);
});
