import t from 'tap';
import { EVENT_TYPES } from '@rcpx/contracts';
import { actor, given, when } from '../given-when-then.ts';
import { decide, evolve, initialState } from './decide.ts';

// Given/When/Then of a meeting's decider: outcome refs are assigned, kept and never reused.

const meeting = { decide, evolve, initialState };
const ID = '00000000-0000-4000-8000-000000000002';
const midsa = actor('midsa');
const base = {
  meeting: { title: { en: 'MIDSA Ministerial' }, level: 'ministerial', startsOn: '2024-09-10' },
  themes: ['labour-migration'],
  visibility: { level: 'public' },
};
const o = (text: string, extra: object = {}) => ({ kind: 'recommendation', text, ...extra });
const any = { any: true } as const;

t.test(
  'create: refs r1, r2, … for outcomes without one, not colliding with given refs',
  async (t) => {
    const data = { ...base, outcomes: [o('a'), o('b', { ref: 'r1' }), o('c', { ref: 'data' })] };
    t.same(when(meeting, initialState(), { type: 'create', id: ID, actor: midsa, data }), {
      ok: true,
      event: {
        type: EVENT_TYPES.meetingOutcomeRecorded,
        data: {
          ...base,
          outcomes: [
            { ref: 'r2', ...o('a') },
            { ref: 'r1', ...o('b') },
            { ref: 'data', ...o('c') },
          ],
        },
      },
    });
  },
);

t.test('revise: sent refs are kept, new outcomes get refs never used before', async (t) => {
  const recorded = {
    type: EVENT_TYPES.meetingOutcomeRecorded,
    data: { ...base, outcomes: [o('a', { ref: 'r1' }), o('b', { ref: 'r2' })] },
  };
  const state = given(meeting, 'midsa', recorded);
  // drop r2, keep r1 with a due date and addressees, add one without a ref
  const patch = {
    outcomes: [o('a', { ref: 'r1', dueOn: '2025-06-30', addressees: ['iom'] }), o('new')],
  };
  const d = when(meeting, state, { type: 'revise', id: ID, actor: midsa, patch, ifMatch: any });
  t.same(d, {
    ok: true,
    event: {
      type: EVENT_TYPES.meetingRevised,
      data: {
        ...base,
        outcomes: [
          { ref: 'r1', ...o('a'), dueOn: '2025-06-30', addressees: ['iom'] },
          { ref: 'r3', ...o('new') },
        ],
        changed: ['outcomes'],
      },
    },
  });
  if (!d.ok) return;
  // r2 stays used after it was dropped: the next new outcome gets r4
  const after = given(meeting, 'midsa', recorded, d.event);
  const next = when(meeting, after, {
    type: 'revise',
    id: ID,
    actor: midsa,
    patch: { outcomes: [o('x')] },
    ifMatch: any,
  });
  t.match(next, { ok: true, event: { data: { outcomes: [{ ref: 'r4' }] } } });
  // a revision that does not touch outcomes keeps them (and their refs) as they are
  const title = when(meeting, after, {
    type: 'revise',
    id: ID,
    actor: midsa,
    patch: { themes: ['labour-migration', 'human-rights'] },
    ifMatch: any,
  });
  t.match(title, {
    ok: true,
    event: { data: { outcomes: [{ ref: 'r1' }, { ref: 'r3' }], changed: ['themes'] } },
  });
});

t.test('revise: a meeting recorded before refs gets them on its first revision', async (t) => {
  const legacy = given(meeting, 'midsa', {
    type: EVENT_TYPES.meetingOutcomeRecorded,
    data: { ...base, outcomes: [o('a')] },
  });
  const d = when(meeting, legacy, {
    type: 'revise',
    id: ID,
    actor: midsa,
    patch: { themes: ['human-rights'] },
    ifMatch: any,
  });
  t.match(d, {
    ok: true,
    event: { data: { outcomes: [{ ref: 'r1' }], changed: ['themes', 'outcomes'] } },
  });
});

t.test('revise: null removes the summary; outcomes keep their refs', async (t) => {
  const outcomes = [{ ref: 'r1', ...o('a', { dueOn: '2025-01-01' }) }];
  const data = { ...base, summary: { en: 'S' }, outcomes };
  const state = given(meeting, 'midsa', { type: EVENT_TYPES.meetingOutcomeRecorded, data });
  const d = when(meeting, state, {
    type: 'revise',
    id: ID,
    actor: midsa,
    patch: { summary: null },
    ifMatch: any,
  });
  t.same(d, {
    ok: true,
    event: {
      type: EVENT_TYPES.meetingRevised,
      data: {
        ...base,
        outcomes: [{ ref: 'r1', ...o('a', { dueOn: '2025-01-01' }) }],
        changed: ['summary'],
      },
    },
  });
  t.match(
    when(meeting, state, {
      type: 'revise',
      id: ID,
      actor: midsa,
      patch: { outcomes: null },
      ifMatch: any,
    }),
    {
      ok: false,
      error: { code: 'invalid', errors: [{ path: 'body.outcomes' }] },
    },
  );
});

t.test('withdraw: the meeting title makes the event routable', async (t) => {
  const state = given(meeting, 'midsa', {
    type: EVENT_TYPES.meetingOutcomeRecorded,
    data: { ...base, outcomes: [o('a', { ref: 'r1' })] },
  });
  t.same(when(meeting, state, { type: 'withdraw', id: ID, actor: midsa }), {
    ok: true,
    event: {
      type: EVENT_TYPES.meetingWithdrawn,
      data: { title: base.meeting.title, themes: base.themes, visibility: base.visibility },
    },
  });
  t.match(when(meeting, state, { type: 'withdraw', id: ID, actor: actor('iom') }), {
    ok: false,
    error: { code: 'forbidden' },
  });
});
