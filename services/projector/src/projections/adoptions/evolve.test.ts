import t from 'tap';
import { adoptionIdOf, EVENT_TYPES, type NewEvent } from '@rcpx/contracts';
import { fold } from '../../projection.ts';
import { projected } from '../../test-fixtures.ts';
import { evolve } from './evolve.ts';
import { adoptionsProjection } from './projection.ts';

const PRACTICE = '6a1c5bb0-35ee-4bde-9b8e-3fb31d3a4b4f';
const id = adoptionIdOf(PRACTICE, 'colombo-process');

const recorded = (version: number, stage: string, extra: object = {}): NewEvent => ({
  specversion: '1.0',
  id: `00000000-0000-4000-8000-00000000000${version}`,
  source: '/participants/colombo-process',
  type: EVENT_TYPES.practiceAdoptionRecorded,
  subject: `practices/${PRACTICE}/adoptions/${id}`,
  time: `2026-03-02T09:0${version}:00.000Z`,
  datacontenttype: 'application/json',
  rcpxversion: version,
  data: {
    practice: PRACTICE,
    practiceOwner: 'bali-process',
    title: { en: 'Pre-departure orientation' },
    stage,
    themes: ['labour-migration'],
    visibility: { level: 'rcps', rcps: ['bali-process'] },
    ...extra,
  },
});

t.test('given nothing, when a record: the adoption, its history, its parent', async (t) => {
  const [e] = projected([recorded(1, 'considering', { note: { en: 'Next SOM' } })], 7);
  t.equal(e!.itemId, id);
  t.equal(e!.parentId, PRACTICE, 'decoded with its parent practice');
  t.equal(e!.kind, 'adoption');
  const s = evolve(undefined, e!);
  t.match(s.latest, {
    id,
    seq: 7,
    practice_id: PRACTICE,
    practice_owner: 'bali-process',
    participant: 'colombo-process',
    stage: 'considering',
    note: { en: 'Next SOM' },
    local_practice: null,
    vis_level: 'rcps',
    vis_rcps: ['bali-process'],
    version: 1,
  });
  t.equal(s.records.length, 1);
});

t.test('given a record, later records supersede it; all stay in the history', async (t) => {
  const events = projected([
    recorded(1, 'considering'),
    recorded(2, 'piloting'),
    recorded(3, 'adapted'),
  ]);
  const states = fold(adoptionsProjection, new Map(), events);
  const s = states.get(id)!;
  t.equal(s.latest.stage, 'adapted');
  t.equal(s.latest.version, 3);
  t.same(
    s.records.map((r: { stage: string }) => r.stage),
    ['considering', 'piloting', 'adapted'],
  );
  t.equal(evolve(s, events[1]!), s, 'a redelivered seq changes nothing');
});
