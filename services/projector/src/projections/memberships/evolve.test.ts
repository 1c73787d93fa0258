import t from 'tap';
import { EVENT_TYPES } from '@rcpx/contracts';
import type { ProjectedEvent } from '../../decode.ts';
import { fold } from '../../projection.ts';
import { membershipsProjection } from './projection.ts';

const changed = (seq: number, data: Record<string, unknown>): ProjectedEvent =>
  ({
    seq,
    type: EVENT_TYPES.membershipChanged,
    kind: 'membership',
    itemId: '00000000-0000-5000-8000-000000000000',
    participant: String(data.participant),
    version: 1,
    time: '2026-12-05T10:00:00.000Z',
    data: { themes: [], visibility: { level: 'public' }, ...data },
    themes: [],
    visibility: { level: 'public' },
    known: true,
  }) as unknown as ProjectedEvent;

t.test('given nothing, when a change: its role, asOf (default the day) and source', async (t) => {
  const states = fold(membershipsProjection, new Map(), [
    changed(5, { participant: 'apc', country: 'TH', role: 'observer', previousRole: 'member' }),
  ]);
  t.same(
    [...states.values()],
    [
      {
        participant: 'apc',
        country: 'TH',
        role: 'observer',
        asOf: '2026-12-05',
        source: { name: 'Recorded by the rcpx admin' },
        seq: 5,
      },
    ],
  );
});

t.test('given a change, when another of the same pair: the later one', async (t) => {
  const source = { name: 'APC plenary', url: 'https://www.example.org/' };
  const states = fold(membershipsProjection, new Map(), [
    changed(5, { participant: 'apc', country: 'TH', role: 'observer', previousRole: 'member' }),
    changed(6, { participant: 'apc', country: 'VN', role: 'none', previousRole: 'member' }),
    changed(7, {
      participant: 'apc',
      country: 'TH',
      role: 'member',
      previousRole: 'observer',
      asOf: '2026-11',
      source,
    }),
  ]);
  t.equal(states.size, 2, 'one row per process and state');
  t.match(states.get('apc/TH'), { role: 'member', asOf: '2026-11', source, seq: 7 });
  t.match(states.get('apc/VN'), { role: 'none', seq: 6 });
});
