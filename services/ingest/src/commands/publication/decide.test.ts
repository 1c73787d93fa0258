import t from 'tap';
import { EVENT_TYPES } from '@rcpx/contracts';
import { actor, given, when } from '../given-when-then.ts';
import { decide, evolve, initialState } from './decide.ts';

// Given/When/Then of a publication's decider.

const publication = { decide, evolve, initialState };
const ID = '00000000-0000-4000-8000-000000000003';
const iom = actor('iom');
const data = {
  title: { en: 'Handbook on ethical recruitment' },
  kind: 'guidelines',
  url: 'https://publications.iom.int/handbook',
  themes: ['labour-migration'],
  visibility: { level: 'public' },
};
const released = { type: EVENT_TYPES.publicationReleased, data };

t.test('revise: publication.revised with the full state and changed', async (t) => {
  const state = given(publication, 'iom', released);
  const d = when(publication, state, {
    type: 'revise',
    id: ID,
    actor: iom,
    patch: { url: 'https://publications.iom.int/handbook-2', kind: 'guidelines' },
    ifMatch: { any: false, versions: ['1'] },
  });
  t.same(d, {
    ok: true,
    event: {
      type: EVENT_TYPES.publicationRevised,
      data: { ...data, url: 'https://publications.iom.int/handbook-2', changed: ['url'] },
    },
  });
  t.match(
    when(publication, state, {
      type: 'revise',
      id: ID,
      actor: iom,
      patch: { url: 'ftp://x' },
      ifMatch: { any: true },
    }),
    { ok: false, error: { code: 'invalid', errors: [{ path: 'body.url' }] } },
  );
});

t.test('revise: null removes publishedOn and languages; the url cannot be removed', async (t) => {
  const full = { ...data, publishedOn: '2024-01-02', languages: ['en', 'fr'] };
  const state = given(publication, 'iom', { type: EVENT_TYPES.publicationReleased, data: full });
  const revise = (patch: Record<string, unknown>) =>
    when(publication, state, { type: 'revise', id: ID, actor: iom, patch, ifMatch: { any: true } });
  t.same(revise({ publishedOn: null, languages: null }), {
    ok: true,
    event: {
      type: EVENT_TYPES.publicationRevised,
      data: { ...data, changed: ['publishedOn', 'languages'] },
    },
  });
  t.match(revise({ url: null }), {
    ok: false,
    error: { code: 'invalid', errors: [{ path: 'body.url' }] },
  });
});

t.test('withdraw, then every change → withdrawn', async (t) => {
  const withdrawn = {
    type: EVENT_TYPES.publicationWithdrawn,
    data: { title: data.title, themes: data.themes, visibility: data.visibility },
  };
  const state = given(publication, 'iom', released, withdrawn);
  t.match(state, { status: 'withdrawn', version: 2 });
  t.match(
    when(publication, state, {
      type: 'revise',
      id: ID,
      actor: iom,
      patch: { url: 'https://x.org/' },
      ifMatch: { any: true },
    }),
    { ok: false, error: { code: 'withdrawn' } },
  );
});
