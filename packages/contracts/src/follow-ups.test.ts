import t from 'tap';
import { followUpIdOf, isOverdue, outcomeIdOf, todayUtc } from './follow-ups.ts';

t.test('overdue: due date passed (UTC) and no latest status implemented or dropped', async (t) => {
  const today = '2026-12-05';
  t.equal(isOverdue('2026-12-04', [], today), true, 'due yesterday, nothing reported');
  t.equal(isOverdue('2026-12-04', ['planned', 'in-progress'], today), true);
  t.equal(isOverdue('2026-12-05', [], today), false, 'due today is not overdue yet');
  t.equal(isOverdue('2027-01-01', [], today), false);
  t.equal(isOverdue(null, [], today), false, 'no due date, never overdue');
  t.equal(isOverdue('2020-01-01', ['planned', 'implemented'], today), false);
  t.equal(isOverdue('2020-01-01', ['dropped'], today), false);
  t.equal(todayUtc(new Date('2026-12-04T23:59:59-05:00')), '2026-12-05', 'the UTC date');
});

t.test('ids are uuidv5, stable, and tell reporters and refs apart', async (t) => {
  const m = '6a1c5bb0-35ee-4bde-9b8e-3fb31d3a4b4f';
  t.match(followUpIdOf(m, 'r1', 'iom'), /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab]/);
  t.equal(followUpIdOf(m, 'r1', 'iom'), followUpIdOf(m.toUpperCase(), 'r1', 'iom'));
  t.not(followUpIdOf(m, 'r1', 'iom'), followUpIdOf(m, 'r1', 'igc'));
  t.not(followUpIdOf(m, 'r1', 'iom'), followUpIdOf(m, 'r2', 'iom'));
  t.not(outcomeIdOf(m, 'r1'), followUpIdOf(m, 'r1', 'iom'));
});
