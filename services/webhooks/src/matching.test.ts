import t from 'tap';
import type { CloudEvent } from '@rcpx/contracts';
import { deliverable, routeOf } from './matching.ts';

const event = (data: Record<string, unknown>) =>
  ({
    type: 'org.rcpx.practice.shared',
    source: '/participants/bali-process',
    data,
  }) as CloudEvent;

const sub = {
  id: 's',
  participant: 'iom',
  themes: [],
  participants: [],
  types: [],
  countries: [],
  memberStates: [],
  authorised: true,
};

t.test('an event routes by its own fields; without a visibility it goes nowhere', async (t) => {
  t.same(
    routeOf(event({ themes: ['health'], visibility: { level: 'public' }, countries: ['LK'] })),
    {
      type: 'org.rcpx.practice.shared',
      participant: 'bali-process',
      themes: ['health'],
      countries: ['LK'],
      visibility: { level: 'public' },
    },
  );
  t.equal(routeOf(event({ themes: ['health'] })), null);
  t.equal(routeOf(event({ visibility: 'public' })), null);
});

t.test('an unreadable audience is the owner only, never wider', async (t) => {
  const route = routeOf(event({ themes: 'x', visibility: { level: 'rcps', rcps: 'iom' } }))!;
  t.same([route.themes, route.visibility], [[], { level: 'members' }]);
  t.notOk(deliverable(sub, route), 'iom is not the owner');
  t.ok(deliverable({ ...sub, participant: 'bali-process' }, route), 'the owner is');
  const named = routeOf(event({ themes: [], visibility: { level: 'rcps', rcps: ['iom'] } }))!;
  t.ok(deliverable(sub, named));
});
