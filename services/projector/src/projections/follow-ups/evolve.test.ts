import t from 'tap';
import { randomUUID } from 'node:crypto';
import {
  EVENT_TYPES,
  followUpIdOf,
  outcomeIdOf,
  type FollowUpReportedData,
  type MeetingData,
  type NewEvent,
} from '@rcpx/contracts';
import { fold } from '../../projection.ts';
import {
  idOf,
  itemRevised,
  itemWithdrawn,
  meetingRecorded,
  practiceShared,
  projected,
} from '../../test-fixtures.ts';
import { followUpsProjection } from './projection.ts';
import type { MeetingFollowUps } from './types.ts';

// Given a meeting's events and reports / When folded / Then its outcomes and history.

const owner = 'bali-process';
const data = (outcomes: MeetingData['outcomes']): MeetingData => ({
  meeting: { title: { en: 'Bali SOM' }, level: 'senior-officials', startsOn: '2005-04-14' },
  outcomes,
  themes: ['trafficking'],
  visibility: { level: 'rcps', rcps: ['iom', 'colombo-process'] },
});
const outcomes: MeetingData['outcomes'] = [
  { ref: 'r1', kind: 'declaration', text: 'We commit.' },
  {
    ref: 'focal-points',
    kind: 'recommendation',
    text: { en: 'Designate focal points.' },
    addressees: ['iom', 'colombo-process'],
    dueOn: '2005-10-31',
  },
  { ref: 'training', kind: 'action-plan', text: 'Train.', dueOn: '2006-01-31' },
];
const recorded = meetingRecorded({ participant: owner, minute: 1 }, data(outcomes));
const id = idOf(recorded);

function reported(reporter: string, ref: string, status: string, version = 1): NewEvent {
  const followUpId = followUpIdOf(id, ref, reporter);
  const body: FollowUpReportedData = {
    meetingId: id,
    ref,
    status: status as FollowUpReportedData['status'],
    text: { en: `${reporter}: ${status}` },
    outcomeKind: 'recommendation',
    themes: ['trafficking'],
    visibility: { level: 'rcps', rcps: ['iom', 'colombo-process'] },
  };
  return {
    specversion: '1.0',
    id: randomUUID(),
    source: `/participants/${reporter}`,
    type: EVENT_TYPES.followUpReported,
    subject: `meetings/${id}/follow-ups/${followUpId}`,
    time: '2026-03-02T10:00:00.000Z',
    datacontenttype: 'application/json',
    rcpxversion: version,
    data: body,
  };
}

const after = (events: NewEvent[], initial = new Map<string, MeetingFollowUps>()) =>
  fold(followUpsProjection, initial, projected(events)).get(id)!;

t.test('a recorded meeting: one row per outcome, tracked as documented', async (t) => {
  const s = after([recorded]);
  t.same([...s.outcomes.keys()], ['r1', 'focal-points', 'training']);
  t.match(s.outcomes.get('focal-points'), {
    id: outcomeIdOf(id, 'focal-points'),
    meeting_id: id,
    position: 1,
    kind: 'recommendation',
    addressees: ['iom', 'colombo-process'],
    due_on: '2005-10-31',
    current: true,
    tracked: true,
    participant: owner,
    meeting_status: 'active',
    themes: ['trafficking'],
    vis_level: 'rcps',
    vis_rcps: ['iom', 'colombo-process'],
    latest: [],
    last_status: null,
    closed: false,
    updated_seq: 1,
  });
  t.equal(s.outcomes.get('r1')!.tracked, false, 'a plain declaration is not tracked');
  t.equal(s.outcomes.get('training')!.tracked, true, 'an outcome with a due date is');
  t.same(s.reports, []);
});

t.test('reports: the latest of each reporter, most recent first; history kept', async (t) => {
  const s = after([
    recorded,
    reported('iom', 'focal-points', 'planned'),
    reported('colombo-process', 'focal-points', 'in-progress'),
    reported('iom', 'focal-points', 'implemented', 2),
    reported(owner, 'r1', 'in-progress'),
  ]);
  const fp = s.outcomes.get('focal-points')!;
  t.same(
    fp.latest.map((r) => [r.participant, r.status, r.version, r.seq]),
    [
      ['iom', 'implemented', 2, 4],
      ['colombo-process', 'in-progress', 1, 3],
    ],
  );
  t.match(fp, { last_status: 'implemented', closed: true, updated_seq: 4 });
  t.equal(fp.latest[0]!.id, followUpIdOf(id, 'focal-points', 'iom'));
  t.equal(s.outcomes.get('r1')!.tracked, true, 'a report makes any outcome tracked');
  t.same(
    s.reports.map((r) => [r.seq, r.participant, r.ref, r.status]),
    [
      [2, 'iom', 'focal-points', 'planned'],
      [3, 'colombo-process', 'focal-points', 'in-progress'],
      [4, 'iom', 'focal-points', 'implemented'],
      [5, owner, 'r1', 'in-progress'],
    ],
  );
  t.same([...s.changed].sort(), ['focal-points', 'r1', 'training']);
});

t.test(
  'a revision keeps reports on their refs; a removed outcome is no longer current',
  async (t) => {
    const first = after([recorded, reported('iom', 'focal-points', 'planned')]);
    const revised = itemRevised(
      'meeting',
      { participant: owner, id, version: 2, minute: 3 },
      {
        ...data([
          { ref: 'focal-points', kind: 'recommendation', text: 'Reworded.', dueOn: '2006-06-30' },
          { ref: 'r4', kind: 'conclusions', text: 'New.' },
        ]),
        visibility: { level: 'public' },
      },
      ['outcomes', 'visibility'],
    );
    const loaded = new Map([[id, { ...first, reports: [], changed: new Set<string>() }]]);
    const s = fold(followUpsProjection, loaded, projected([revised], 3)).get(id)!;
    t.match(s.outcomes.get('focal-points'), {
      text: 'Reworded.',
      due_on: '2006-06-30',
      addressees: [],
      current: true,
      tracked: true,
      last_status: 'planned',
      vis_level: 'public',
      updated_seq: 3,
    });
    t.equal(s.outcomes.get('focal-points')!.latest.length, 1, 'its reports stay');
    t.match(s.outcomes.get('training'), { current: false, vis_level: 'public' });
    t.match(s.outcomes.get('r4'), { current: true, tracked: false, position: 1 });
    t.same(s.reports, [], 'nothing new in the history');
  },
);

t.test('a withdrawal hides every outcome with the meeting, for good', async (t) => {
  const withdrawn = itemWithdrawn(
    'meeting',
    { participant: owner, id, version: 2 },
    { title: { en: 'Bali SOM' }, themes: ['trafficking'], visibility: { level: 'members' } },
  );
  const late = itemRevised('meeting', { participant: owner, id, version: 3 }, data(outcomes), [
    'outcomes',
  ]);
  const s = after([recorded, reported('iom', 'focal-points', 'planned'), withdrawn, late]);
  for (const o of s.outcomes.values()) {
    t.match(o, { meeting_status: 'withdrawn', vis_level: 'members', updated_seq: 3 });
  }
});

t.test('a meeting recorded before refs: r1, r2, … as its first revision gives', async (t) => {
  const legacy = meetingRecorded(
    { participant: owner },
    data(outcomes.map(({ ref: _ref, ...o }) => o)),
  );
  const s = fold(followUpsProjection, new Map(), projected([legacy])).get(idOf(legacy))!;
  t.same([...s.outcomes.keys()], ['r1', 'r2', 'r3']);
});

t.test('other events are not folded', async (t) => {
  const practice = practiceShared({ participant: owner });
  t.equal(fold(followUpsProjection, new Map(), projected([practice])).size, 0);
});
