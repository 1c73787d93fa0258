import t from 'tap';
import { EVENT_TYPES } from '@rcpx/contracts';
import { actor, given, when } from '../given-when-then.ts';
import { decide, evolve, initialState } from './decide.ts';

// Given/When/Then of a practice's decider: pure, no HTTP, no NATS.

const practice = { decide, evolve, initialState };
const ID = '00000000-0000-4000-8000-000000000001';
const bali = actor('bali-process');
const data = {
  title: { en: 'Bilateral labour agreements' },
  themes: ['labour-migration'],
  visibility: { level: 'public' },
};
const shared = { type: EVENT_TYPES.practiceShared, data };
const any = { any: true } as const;
const v = (...versions: string[]) => ({ any: false as const, versions });

t.test('create: shared with the data', async (t) => {
  const d = when(practice, initialState(), { type: 'create', id: ID, actor: bali, data });
  t.same(d, { ok: true, event: shared });
});

t.test('revise: full new state and changed; no change still revises', async (t) => {
  const state = given(practice, 'bali-process', shared);
  const patch = { title: { en: 'Model agreements' }, themes: ['labour-migration'] };
  t.same(when(practice, state, { type: 'revise', id: ID, actor: bali, patch, ifMatch: v('1') }), {
    ok: true,
    event: {
      type: EVENT_TYPES.practiceRevised,
      data: { ...data, title: { en: 'Model agreements' }, changed: ['title'] },
    },
  });
  const same = when(practice, state, {
    type: 'revise',
    id: ID,
    actor: bali,
    patch: data,
    ifMatch: any,
  });
  t.match(same, { ok: true, event: { data: { changed: [] } } });
});

t.test('revise: the revised state replaces the last one (changed is not state)', async (t) => {
  const revised = { type: EVENT_TYPES.practiceRevised, data: { ...data, changed: [] } };
  const state = given(practice, 'bali-process', shared, revised);
  t.match(state, { status: 'active', version: 2, owner: 'bali-process', data });
  t.notOk('changed' in (state.status === 'none' ? {} : state.data));
});

t.test('revise: null removes an optional field (merge patch); changed names it', async (t) => {
  const full = { ...data, summary: { en: 'S', fr: 'R' }, countries: ['ID'], contact: 'x@y.org' };
  const state = given(practice, 'bali-process', { type: EVENT_TYPES.practiceShared, data: full });
  const patch = { summary: null, countries: null, title: { en: 'Model agreements' } };
  t.same(when(practice, state, { type: 'revise', id: ID, actor: bali, patch, ifMatch: any }), {
    ok: true,
    event: {
      type: EVENT_TYPES.practiceRevised,
      data: {
        ...data,
        title: { en: 'Model agreements' },
        contact: 'x@y.org',
        changed: ['summary', 'countries', 'title'],
      },
    },
  });
  // removing what is not there changes nothing
  const none = when(practice, given(practice, 'bali-process', shared), {
    type: 'revise',
    id: ID,
    actor: bali,
    patch: { body: null },
    ifMatch: any,
  });
  t.same(none, {
    ok: true,
    event: { type: EVENT_TYPES.practiceRevised, data: { ...data, changed: [] } },
  });
  // a required field cannot be removed: 400 naming it
  const title = when(practice, state, {
    type: 'revise',
    id: ID,
    actor: bali,
    patch: { title: null },
    ifMatch: any,
  });
  t.match(title, { ok: false, error: { code: 'invalid', errors: [{ path: 'body.title' }] } });
});

t.test('revise: refusals', async (t) => {
  const state = given(practice, 'bali-process', shared);
  const revise = (over: object) => ({
    type: 'revise' as const,
    id: ID,
    actor: bali,
    patch: { title: { en: 'x' } },
    ifMatch: any,
    ...over,
  });
  t.match(when(practice, initialState(), revise({})), { ok: false, error: { code: 'not-found' } });
  t.match(when(practice, state, revise({ actor: actor('colombo-process') })), {
    ok: false,
    error: { code: 'forbidden' },
  });
  t.match(when(practice, state, revise({ ifMatch: v('2') })), {
    ok: false,
    error: { code: 'version-mismatch', version: 1 },
  });
  t.match(when(practice, state, revise({ patch: { themes: ['no-such-theme'] } })), {
    ok: false,
    error: { code: 'invalid', errors: [{ path: 'body.themes.0' }] },
  });
  const hidden = given(practice, 'bali-process', {
    type: EVENT_TYPES.practiceShared,
    data: { ...data, visibility: { level: 'rcps', rcps: ['bali-process'] } },
  });
  t.match(when(practice, hidden, revise({ actor: actor('colombo-process') })), {
    ok: false,
    error: { code: 'not-found' },
  });
});

t.test('withdraw: routable data and reason; then withdrawn → 409 for any change', async (t) => {
  const state = given(practice, 'bali-process', shared);
  const withdraw = { type: 'withdraw' as const, id: ID, actor: bali, reason: 'Superseded.' };
  const d = when(practice, state, withdraw);
  t.same(d, {
    ok: true,
    event: {
      type: EVENT_TYPES.practiceWithdrawn,
      data: {
        title: data.title,
        themes: data.themes,
        visibility: data.visibility,
        reason: 'Superseded.',
      },
    },
  });
  if (!d.ok) return;
  const after = given(practice, 'bali-process', shared, d.event);
  t.match(after, { status: 'withdrawn', version: 2 });
  t.match(when(practice, after, withdraw), { ok: false, error: { code: 'withdrawn' } });
});
