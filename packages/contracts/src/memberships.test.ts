import t from 'tap';
import {
  CountryCode,
  MEMBERSHIP_REGISTRY,
  Memberships,
  PartialDate,
  findParticipant,
  membershipIdOf,
  overlapOf,
  registryRole,
} from './index.ts';

t.test('the registry: the nine RCPs, valid codes, each with a date and a source', async (t) => {
  t.same(MEMBERSHIP_REGISTRY.map((r) => r.participant).sort(), [
    '5plus5',
    'apc',
    'bali-process',
    'budapest-process',
    'colombo-process',
    'igc',
    'lima-process',
    'midsa',
    'puebla-process',
  ]);
  for (const r of MEMBERSHIP_REGISTRY) {
    t.equal(findParticipant(r.participant)?.kind, 'rcp', r.participant);
    const all = [...r.members, ...r.observers];
    t.ok(
      all.every((c) => CountryCode.safeParse(c).success),
      `${r.participant}: ISO codes`,
    );
    t.equal(new Set(all).size, all.length, `${r.participant}: no state twice`);
    t.ok(PartialDate.safeParse(r.asOf).success, `${r.participant}: asOf ${r.asOf}`);
    t.ok(r.source.name.length > 0 && r.note.length > 0, `${r.participant}: source and note`);
  }
});

t.test('changes over the registry: latest by seq wins, none removes', async (t) => {
  const m = new Memberships();
  t.equal(registryRole('colombo-process', 'MY'), 'observer');
  t.notOk(m.hasMemberIn('colombo-process', ['MY']), 'an observer is not a member');
  const change = (role: 'member' | 'none', seq: number) => ({
    participant: 'colombo-process',
    country: 'MY',
    role,
    asOf: '2026',
    source: { name: 't' },
    seq,
  });
  t.ok(m.apply(change('member', 10)));
  t.ok(m.hasMemberIn('colombo-process', ['MY']));
  t.notOk(m.apply(change('none', 9)), 'an older change does not undo a newer one');
  t.ok(m.apply(change('none', 11)));
  t.equal(m.roleOf('colombo-process', 'MY'), 'none');
  t.notOk(m.processesOf('MY').some((p) => p.participant === 'colombo-process'));
  t.ok(m.processesWithMembers(['TH']).includes('bali-process'));
  t.equal(m.seq, 11);
});

t.test('overlap: every other RCP, most shared first', async (t) => {
  const o = overlapOf(new Memberships(), 'puebla-process');
  t.equal(o.overlaps.length, 8);
  const igc = o.overlaps.find((x) => x.participant === 'igc')!;
  t.same(
    igc.shared.map((s) => s.country),
    ['CA', 'US'],
  );
  t.ok(o.overlaps.every((x, i, a) => i === 0 || a[i - 1]!.n >= x.n));
});

t.test('one aggregate per process and state', async (t) => {
  t.equal(membershipIdOf('bali-process', 'TH'), membershipIdOf('bali-process', 'TH'));
  t.not(membershipIdOf('bali-process', 'TH'), membershipIdOf('apc', 'TH'));
});
