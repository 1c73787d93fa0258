import t from 'tap';
import {
  colomboPractice,
  meetingRecorded,
  practiceRevised,
  practiceShared,
  practiceWithdrawn,
  projected,
} from '../../test-fixtures.ts';
import { practiceAudiences } from './practice-audience.ts';

const P = '6a1c5bb0-35ee-4bde-9b8e-3fb31d3a4b4f';
const Q = '0b6d3f8e-1c2a-4d5e-8f90-a1b2c3d4e5f6';

t.test(
  'given practice events, each practice is left with its last audience and themes',
  async (t) => {
    const events = projected([
      practiceShared({ participant: 'bali-process', id: P }),
      practiceShared({ participant: 'colombo-process', id: Q }, colomboPractice()),
      practiceRevised(
        { participant: 'bali-process', id: P, version: 2 },
        { ...colomboPractice(), themes: ['trafficking'], visibility: { level: 'members' } },
        ['themes', 'visibility'],
      ),
      meetingRecorded({ participant: 'bali-process' }),
    ]);
    const got = practiceAudiences(events);
    t.same([...got.keys()].sort(), [Q, P].sort(), 'practices only');
    t.same(got.get(P), { id: P, vis_level: 'members', vis_rcps: [], themes: ['trafficking'] });
    t.same(got.get(Q), {
      id: Q,
      vis_level: 'rcps',
      vis_rcps: ['bali-process', 'apc'],
      themes: ['labour-migration', 'remittances', 'gender'],
    });
  },
);

t.test('a withdrawal keeps the audience it carries', async (t) => {
  const events = projected([
    practiceShared({ participant: 'bali-process', id: P }),
    practiceWithdrawn(
      { participant: 'bali-process', id: P, version: 2 },
      {
        title: { en: 'Joint screening' },
        themes: ['trafficking'],
        visibility: { level: 'rcps', rcps: ['apc'] },
        reason: 'superseded',
      },
    ),
  ]);
  t.same(practiceAudiences(events).get(P), {
    id: P,
    vis_level: 'rcps',
    vis_rcps: ['apc'],
    themes: ['trafficking'],
  });
});
