import t from 'tap';
import type { NewEvent } from '@rcpx/contracts';
import { fold } from '../../projection.ts';
import {
  baliPractice,
  colomboPractice,
  idOf,
  itemWithdrawn,
  meetingData,
  meetingRecorded,
  practiceRevised,
  practiceShared,
  practiceWithdrawn,
  projected,
} from '../../test-fixtures.ts';
import { addDelta, toCells } from './evolve.ts';
import { countsProjection } from './projection.ts';
import type { CountedItem } from './types.ts';

/** The counts table after `events` (from scratch), as `dimension/key/audience` → n. */
function countsOf(events: NewEvent[]): Record<string, number> {
  const items = fold(countsProjection, new Map<string, CountedItem>(), projected(events));
  const deltas = new Map<string, number>();
  for (const after of items.values()) addDelta(deltas, undefined, after);
  const out: Record<string, number> = {};
  for (const c of toCells(deltas)) out[`${c.dimension}/${c.key}/${c.audience}`] = c.n;
  return out;
}

const shared = practiceShared({ participant: 'bali-process' });
const id = idOf(shared);

t.test('given nothing, when a public practice is shared: all + public', async (t) => {
  t.same(countsOf([shared]), {
    'kind/practice/all': 1,
    'kind/practice/public': 1,
    'participant/bali-process/all': 1,
    'participant/bali-process/public': 1,
    'theme/trafficking/all': 1,
    'theme/trafficking/public': 1,
    'theme/border-management/all': 1,
    'theme/border-management/public': 1,
  });
});

t.test('given a public practice, when revised to other themes and rcps visibility', async (t) => {
  const revised = practiceRevised(
    { participant: 'bali-process', id, version: 2 },
    {
      ...baliPractice(),
      themes: ['labour-migration'],
      visibility: { level: 'rcps', rcps: ['colombo-process'] },
    },
  );
  t.same(countsOf([shared, revised]), {
    'kind/practice/all': 1,
    'kind/practice/p:bali-process': 1,
    'kind/practice/p:colombo-process': 1,
    'participant/bali-process/all': 1,
    'participant/bali-process/p:bali-process': 1,
    'participant/bali-process/p:colombo-process': 1,
    'theme/labour-migration/all': 1,
    'theme/labour-migration/p:bali-process': 1,
    'theme/labour-migration/p:colombo-process': 1,
  });
});

t.test(
  'given practices and a meeting, when one practice is withdrawn: it counts no more',
  async (t) => {
    const other = practiceShared({ participant: 'colombo-process' }, colomboPractice());
    const meeting = meetingRecorded({ participant: 'colombo-process' });
    const withdrawn = practiceWithdrawn(
      { participant: 'bali-process', id, version: 2 },
      {
        title: baliPractice().title,
        themes: baliPractice().themes,
        visibility: { level: 'public' },
      },
    );
    const before = countsOf([shared, other, meeting]);
    const after = countsOf([shared, other, meeting, withdrawn]);
    t.equal(before['kind/practice/all'], 2);
    t.equal(after['kind/practice/all'], 1);
    t.equal(after['kind/meeting/public'], 1);
    t.equal(after['participant/bali-process/all'], undefined);
    t.equal(after['theme/trafficking/public'], undefined);
    t.equal(after['participant/colombo-process/p:apc'], 1, 'rcps: each listed participant');
    t.equal(after['participant/colombo-process/all'], 2);
  },
);

t.test('a withdrawn item stays out of the counts', async (t) => {
  const withdrawn = practiceWithdrawn(
    { participant: 'bali-process', id, version: 2 },
    { title: baliPractice().title, themes: ['trafficking'], visibility: { level: 'public' } },
  );
  const revised = practiceRevised({ participant: 'bali-process', id, version: 3 }, baliPractice());
  t.same(countsOf([shared, withdrawn, revised]), {});
});

t.test('batch deltas: before → after of one item, zero cells dropped', async (t) => {
  const [e1, e2] = projected([
    shared,
    practiceRevised(
      { participant: 'bali-process', id, version: 2 },
      {
        ...baliPractice(),
        themes: ['trafficking', 'health'],
      },
    ),
  ]);
  const before = countsProjection.evolve(undefined, e1!);
  const after = countsProjection.evolve(before, e2!);
  const deltas = new Map<string, number>();
  addDelta(deltas, before, after);
  t.same(
    toCells(deltas)
      .map((c) => `${c.dimension}/${c.key}/${c.audience}=${c.n}`)
      .sort(),
    [
      'theme/border-management/all=-1',
      'theme/border-management/public=-1',
      'theme/health/all=1',
      'theme/health/public=1',
    ],
  );
});

t.test('a withdrawn meeting counts for nothing', async (t) => {
  const recorded = meetingRecorded({ participant: 'midsa' });
  const data = meetingData();
  const withdrawn = itemWithdrawn(
    'meeting',
    { participant: 'midsa', id: idOf(recorded), version: 2 },
    { title: data.meeting.title, themes: data.themes, visibility: data.visibility },
  );
  t.same(countsOf([recorded, withdrawn]), {});
});
