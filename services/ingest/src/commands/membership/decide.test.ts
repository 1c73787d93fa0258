import t from 'tap';
import { EVENT_TYPES, MembershipChangedData } from '@rcpx/contracts';
import type { DecidedEvent } from '../decider.ts';
import {
  decideMembership,
  evolveMembership,
  initialMembership,
  type MembershipAggregate,
  type SetMembership,
} from './decide.ts';

/** Given the pair's events (version 1, 2, …): its state. */
function given(participant: string, country: string, ...events: DecidedEvent[]) {
  return events.reduce<MembershipAggregate>(
    (s, e, i) => evolveMembership(s, { ...e, owner: participant, version: i + 1 }),
    initialMembership(participant, country),
  );
}

const set = (over: Partial<SetMembership> = {}): SetMembership => ({
  type: 'set',
  participant: 'colombo-process',
  country: 'MY',
  role: 'member',
  ...over,
});

t.test('given the registry alone, when a new member is set: changed from none', async (t) => {
  const d = decideMembership(set({ country: 'JP' }), given('colombo-process', 'JP'));
  t.ok(d.ok);
  if (!d.ok) return;
  t.equal(d.event.type, EVENT_TYPES.membershipChanged);
  t.match(d.event.data, {
    participant: 'colombo-process',
    country: 'JP',
    role: 'member',
    previousRole: 'none',
    themes: [],
    visibility: { level: 'public' },
  });
  t.ok(MembershipChangedData.safeParse(d.event.data).success, 'the data passes its schema');
});

t.test('given a registry observer, when it becomes a member: previousRole observer', async (t) => {
  const d = decideMembership(set(), given('colombo-process', 'MY'));
  t.ok(d.ok && d.event.data.previousRole === 'observer');
});

t.test('given a change, when another: previousRole is the last change', async (t) => {
  const first = decideMembership(set({ role: 'none' }), given('colombo-process', 'MY'));
  if (!first.ok) return t.fail('first refused');
  const state = given('colombo-process', 'MY', first.event);
  t.equal(state.role, 'none');
  t.equal(state.version, 1);
  const d = decideMembership(set({ role: 'observer', asOf: '2026-12' }), state);
  t.ok(d.ok);
  if (d.ok) t.match(d.event.data, { previousRole: 'none', role: 'observer', asOf: '2026-12' });
});

t.test(
  'given anything, when the same role again: recorded (a new source confirms it)',
  async (t) => {
    const source = { name: 'Colombo Process Chair, SOM 2026', url: 'https://www.example.org/som' };
    const d = decideMembership(set({ country: 'IN', source }), given('colombo-process', 'IN'));
    t.ok(d.ok);
    if (d.ok) t.match(d.event.data, { previousRole: 'member', role: 'member', source });
  },
);

t.test('when the participant is an observer organisation: invalid (400)', async (t) => {
  const d = decideMembership(set({ participant: 'iom' }), given('iom', 'MY'));
  t.notOk(d.ok);
  if (!d.ok) t.equal(d.error.code, 'invalid');
});

t.test('when the participant is unknown: not found', async (t) => {
  const d = decideMembership(set({ participant: 'nowhere' }), given('nowhere', 'MY'));
  t.notOk(d.ok);
  if (!d.ok) t.equal(d.error.code, 'not-found');
});
