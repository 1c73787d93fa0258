import t from 'tap';
import { EVENT_TYPES, followUpIdOf, type FollowUpBody } from '@rcpx/contracts';
import type { Actor, DecidedEvent, ItemState } from '../decider.ts';
import { actor, given } from '../given-when-then.ts';
import * as meetings from '../meeting/decide.ts';
import { decide, evolve, initialState, type FollowUpState } from './decide.ts';

// Given (a meeting's events, a reporter's earlier reports) / When (a report) / Then (a decision).

const MEETING = '00000000-0000-4000-8000-00000000000a';
const recorded = (visibility: object = { level: 'public' }): DecidedEvent => ({
  type: EVENT_TYPES.meetingOutcomeRecorded,
  data: {
    meeting: { title: { en: 'Bali SOM' }, level: 'senior-officials', startsOn: '2005-04-14' },
    outcomes: [
      { ref: 'r1', kind: 'declaration', text: 'We commit.' },
      {
        ref: 'focal-points',
        kind: 'recommendation',
        title: { en: 'Focal points' },
        text: { en: 'Designate focal points.' },
        addressees: ['colombo-process', 'iom'],
        dueOn: '2005-10-31',
      },
    ],
    themes: ['trafficking'],
    visibility,
  },
});
const meeting = (...events: DecidedEvent[]): ItemState =>
  given(meetings, 'bali-process', ...events) as ItemState;
const body: FollowUpBody = { status: 'in-progress', text: { en: 'Three of five named.' } };
const report = (
  m: ItemState,
  who: Actor,
  ref = 'focal-points',
  b: FollowUpBody = body,
  state: FollowUpState = initialState(),
) => decide({ type: 'report', meetingId: MEETING, ref, actor: who, body: b, meeting: m }, state);

t.test('an addressee reports: the event carries the outcome and the meeting routing', async (t) => {
  t.same(
    report(meeting(recorded()), actor('iom'), 'focal-points', { ...body, countries: ['LK'] }),
    {
      ok: true,
      event: {
        type: EVENT_TYPES.followUpReported,
        subject: `meetings/${MEETING}/follow-ups/${followUpIdOf(MEETING, 'focal-points', 'iom')}`,
        version: 1,
        data: {
          meetingId: MEETING,
          ref: 'focal-points',
          status: 'in-progress',
          text: { en: 'Three of five named.' },
          countries: ['LK'],
          outcomeKind: 'recommendation',
          outcomeTitle: { en: 'Focal points' },
          themes: ['trafficking'],
          visibility: { level: 'public' },
        },
      },
    },
  );
});

t.test('the owner reports on any of its outcomes; others are refused (403)', async (t) => {
  const m = meeting(recorded());
  t.match(report(m, actor('bali-process'), 'r1'), { ok: true, event: { data: { ref: 'r1' } } });
  t.match(report(m, actor('iom'), 'r1'), { ok: false, error: { code: 'forbidden' } });
  t.match(report(m, actor('igc')), { ok: false, error: { code: 'forbidden' } });
});

t.test('no such meeting, one the actor may not read, an unknown ref: 404', async (t) => {
  t.match(report({ status: 'none' }, actor('iom')), { ok: false, error: { code: 'not-found' } });
  const hidden = meeting(recorded({ level: 'rcps', rcps: ['colombo-process'] }));
  t.match(report(hidden, actor('iom')), {
    ok: false,
    error: { code: 'not-found', detail: `No meeting ${MEETING}.` },
  });
  t.match(report(meeting(recorded()), actor('iom'), 'nope'), {
    ok: false,
    error: { code: 'not-found', detail: /No outcome "nope"/ },
  });
});

t.test('an rcps meeting: the report names the meeting owner too', async (t) => {
  const m = meeting(recorded({ level: 'rcps', rcps: ['colombo-process', 'iom'] }));
  t.match(report(m, actor('iom')), {
    ok: true,
    event: {
      data: { visibility: { level: 'rcps', rcps: ['colombo-process', 'iom', 'bali-process'] } },
    },
  });
  t.match(report(m, actor('bali-process')), {
    ok: true,
    event: { data: { visibility: { level: 'rcps', rcps: ['colombo-process', 'iom'] } } },
  });
});

t.test('a withdrawn meeting: 409 (404 for whoever may not read it)', async (t) => {
  const withdrawn = meeting(recorded({ level: 'rcps', rcps: ['iom'] }), {
    type: EVENT_TYPES.meetingWithdrawn,
    data: {
      title: { en: 'Bali SOM' },
      themes: ['trafficking'],
      visibility: { level: 'rcps', rcps: ['iom'] },
    },
  });
  t.match(report(withdrawn, actor('iom')), { ok: false, error: { code: 'withdrawn' } });
  t.match(report(withdrawn, actor('igc')), { ok: false, error: { code: 'not-found' } });
});

t.test('a revision keeps refs: the kept outcome takes reports, a removed one is 404', async (t) => {
  const revised: DecidedEvent = {
    type: EVENT_TYPES.meetingRevised,
    data: {
      ...recorded().data,
      outcomes: [{ ref: 'focal-points', kind: 'recommendation', text: 'Now due in 2006.' }],
      changed: ['outcomes'],
    },
  };
  const m = meeting(recorded(), revised);
  t.match(report(m, actor('bali-process')), {
    ok: true,
    event: { data: { ref: 'focal-points', outcomeKind: 'recommendation' } },
  });
  const kept = report(m, actor('bali-process'));
  t.notOk(kept.ok && 'outcomeTitle' in kept.event.data, 'the title went with the revision');
  t.match(report(m, actor('bali-process'), 'r1'), { ok: false, error: { code: 'not-found' } });
  // the addressees were dropped with the revision
  t.match(report(m, actor('iom')), { ok: false, error: { code: 'forbidden' } });
});

t.test('a meeting recorded before refs reads with r1, r2, …', async (t) => {
  const legacy = recorded();
  const outcomes = (legacy.data.outcomes as object[]).map(
    ({ ref: _ref, ...o }: { ref?: string }) => o,
  );
  const m = meeting({ ...legacy, data: { ...legacy.data, outcomes } });
  t.match(report(m, actor('bali-process'), 'r2'), {
    ok: true,
    event: { data: { ref: 'r2', outcomeKind: 'recommendation' } },
  });
});

t.test('a later report supersedes: the next version of the same follow-up', async (t) => {
  const e = { type: EVENT_TYPES.followUpReported, data: {}, owner: 'iom', subject: 's', seq: 1 };
  let s: FollowUpState = initialState();
  s = evolve(s, { ...e, version: 1 });
  s = evolve(s, { ...e, version: 2 });
  t.same(s, { version: 2 });
  t.same(evolve(s, { ...e, type: 'org.rcpx.other', version: 9 }), { version: 2 });
  t.match(report(meeting(recorded()), actor('iom'), 'focal-points', body, s), {
    ok: true,
    event: { version: 3, subject: /\/follow-ups\// },
  });
});
