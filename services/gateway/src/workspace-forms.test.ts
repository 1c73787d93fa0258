import t from 'tap';
import {
  createBody,
  errorKey,
  patchBody,
  rebase,
  stateOf,
  texts,
} from '../workspace/src/form-state.ts';
import { FORM_STRINGS } from '../workspace/src/i18n-forms.ts';
import { parseRoute } from '../workspace/src/router.ts';

// The publish/revise forms without a browser: their routes, the bodies they send (a revision
// sends only what changed; refs kept), re-applying one's edits after a 412, where an API error
// goes, every label in every language.

const ID = '0b6f7f5e-3c2a-4b8e-9a51-6f1d2b7c9e10';

t.test('routes of the forms', async (t) => {
  t.match(parseRoute('/app/meetings/new', ''), { view: 'publish', collection: 'meetings' });
  t.match(parseRoute('/app/publications/new', ''), { view: 'publish', collection: 'publications' });
  t.match(parseRoute('/app/practices/new/', ''), { view: 'publish', collection: 'practices' });
  t.match(parseRoute(`/app/practices/${ID}/edit`, ''), {
    view: 'edit',
    collection: 'practices',
    id: ID,
  });
  t.match(parseRoute(`/app/meetings/${ID}/edit`, ''), {
    view: 'edit',
    collection: 'meetings',
    id: ID,
  });
  t.match(parseRoute(`/app/publications/${ID}/edit/`, ''), { view: 'edit', id: ID });
  t.match(parseRoute('/app/practices/new/edit', ''), { view: 'not-found' });
  t.match(parseRoute(`/app/practices/${ID}/delete`, ''), { view: 'not-found' });
  t.match(parseRoute(`/app/practices/${ID}/edit/more`, ''), { view: 'not-found' });
  t.match(parseRoute('/app/themes/new', ''), { view: 'not-found' });
});

const meetingItem = {
  id: ID,
  kind: 'meeting',
  participant: 'bali-process',
  version: 2,
  title: { en: 'Ministerial Conference' },
  meeting: {
    title: { en: 'Ministerial Conference' },
    level: 'ministerial',
    startsOn: '2026-03-02',
  },
  outcomes: [
    { ref: 'r1', kind: 'recommendation', text: { en: 'Share data.' }, addressees: ['iom'] },
    {
      ref: 'r2',
      kind: 'action-plan',
      text: 'Train officers.',
      dueOn: '2027-01-31',
      title: { en: 'T' },
    },
  ],
  themes: ['trafficking'],
  visibility: { level: 'rcps', rcps: ['iom'] },
};

t.test(
  'a meeting: its state, its body, a revision keeps refs and sends what changed',
  async (t) => {
    const start = stateOf(meetingItem);
    t.equal(start.meeting.level, 'ministerial');
    t.same(
      start.outcomes.map((o) => o.ref),
      ['r1', 'r2'],
    );
    t.same(start.visibility, { level: 'rcps', rcps: ['iom'] });
    t.same(patchBody('meetings', start, stateOf(meetingItem)), {}, 'nothing changed, nothing sent');

    const mine = structuredClone(start);
    mine.outcomes[0]!.dueOn = '2026-12-31';
    mine.outcomes.push({
      ref: '',
      kind: 'declaration',
      text: { en: ' New ', fr: '', es: '' },
      addressees: [],
      dueOn: '',
    });
    t.same(
      patchBody('meetings', start, mine, meetingItem),
      {
        outcomes: [
          {
            ref: 'r1',
            kind: 'recommendation',
            text: { en: 'Share data.' },
            addressees: ['iom'],
            dueOn: '2026-12-31',
          },
          {
            ref: 'r2',
            kind: 'action-plan',
            text: { en: 'Train officers.' },
            title: { en: 'T' },
            dueOn: '2027-01-31',
          },
          { kind: 'declaration', text: { en: 'New' } },
        ],
      },
      'the whole list, refs kept, a new outcome without one, outcome titles kept',
    );

    // an outcome's due date, the venue emptied: gone from the list and the meeting sent whole
    const cleared = structuredClone(start);
    cleared.outcomes[1]!.dueOn = '';
    cleared.meeting.venue = '';
    const withVenue = { ...start, meeting: { ...start.meeting, venue: 'Bali' } };
    const sent = patchBody('meetings', withVenue, cleared, meetingItem);
    t.same(Object.keys(sent).sort(), ['meeting', 'outcomes']);
    t.notOk('venue' in (sent.meeting as object), 'the venue is left out of the meeting');
    t.notOk('dueOn' in (sent.outcomes as object[])[1]!, 'the due date out of its outcome');

    const body = createBody('meetings', start);
    t.same(Object.keys(body).sort(), ['meeting', 'outcomes', 'themes', 'visibility']);
    t.same(body.meeting, {
      title: { en: 'Ministerial Conference' },
      level: 'ministerial',
      startsOn: '2026-03-02',
    });
  },
);

t.test('a publication and a practice: bodies, emptied fields', async (t) => {
  const pub = stateOf({
    kind: 'publication',
    publicationKind: 'report',
    title: { fr: 'Rapport' },
    url: 'https://example.org/r.pdf',
    languages: ['fr', 'en'],
    themes: ['health'],
    visibility: { level: 'public' },
  });
  t.equal(pub.kind, 'report');
  t.equal(pub.languages, 'fr, en');
  const changed = { ...pub, languages: 'FR es', url: ' https://example.org/r2.pdf ' };
  t.same(patchBody('publications', pub, changed), {
    url: 'https://example.org/r2.pdf',
    languages: ['fr', 'es'],
  });
  t.same(
    patchBody('publications', pub, { ...pub, languages: '', url: '' }),
    { url: '', languages: null },
    'an optional field emptied is sent as null (removed); a required one as typed (the API says)',
  );

  const practice = stateOf({
    kind: 'practice',
    title: { en: 'Desks' },
    summary: { en: 'S' },
    themes: ['health'],
    countries: ['TH'],
    visibility: { level: 'members' },
  });
  t.same(createBody('practices', { ...practice, countries: 'th, id' }), {
    title: { en: 'Desks' },
    summary: { en: 'S' },
    themes: ['health'],
    countries: ['TH', 'ID'],
    visibility: { level: 'members' },
  });
  const blank = stateOf({});
  t.same(
    createBody('practices', blank),
    { title: {}, themes: [] },
    'the API names what is missing',
  );
  t.same(
    patchBody('practices', practice, {
      ...practice,
      summary: { en: ' ', fr: '', es: '' },
      countries: '',
    }),
    { summary: null, countries: null },
  );
  t.same(
    patchBody('practices', practice, { ...practice, summary: { en: '', fr: 'R', es: '' } }),
    { summary: { fr: 'R' } },
    'a language emptied: the summary is sent without it (the field is replaced whole)',
  );
  t.same(patchBody('practices', practice, { ...practice, body: texts() }), {}, 'nothing to remove');
});

t.test('re-applying my edits onto the version that won the race', async (t) => {
  const start = stateOf({
    title: { en: 'A' },
    summary: { en: 'S' },
    themes: ['health'],
    visibility: { level: 'public' },
  });
  const mine = { ...structuredClone(start), title: { en: 'A (mine)', fr: '', es: '' } };
  const theirs = {
    ...structuredClone(start),
    summary: { en: 'S (theirs)', fr: '', es: '' },
    themes: ['health', 'gender'],
  };
  const { state, conflicts } = rebase('practices', start, mine, theirs);
  t.equal(state.title.en, 'A (mine)', 'my change is kept');
  t.equal(state.summary.en, 'S (theirs)', 'theirs too');
  t.same(state.themes, ['health', 'gender']);
  t.same(conflicts, []);
  t.same(
    patchBody('practices', theirs, state),
    { title: { en: 'A (mine)' } },
    'only mine is sent again',
  );

  const both = { ...structuredClone(theirs), title: { en: 'A (theirs)', fr: '', es: '' } };
  const again = rebase('practices', start, mine, both);
  t.equal(again.state.title.en, 'A (mine)');
  t.same(again.conflicts, ['title'], 'both changed the title: said');
  const same = rebase('practices', start, mine, { ...both, title: mine.title });
  t.same(same.conflicts, [], 'the same change is no conflict');
});

t.test('an API error path names its place in the form', async (t) => {
  t.equal(errorKey('meetings', 'body.meeting.startsOn'), 'meeting.startsOn');
  t.equal(errorKey('meetings', 'body.meeting.title.en'), 'meeting.title');
  t.equal(errorKey('meetings', 'body.meeting'), 'meeting.title');
  t.equal(errorKey('meetings', 'body.outcomes.1.addressees.0'), 'outcomes.1');
  t.equal(errorKey('meetings', 'body.outcomes'), 'outcomes');
  t.equal(errorKey('publications', 'body.url'), 'url');
  t.equal(errorKey('publications', 'body.kind'), 'kind');
  t.equal(errorKey('practices', 'body.title.en'), 'title');
  t.equal(errorKey('practices', 'body.url'), null, 'not a field of this form');
  t.equal(errorKey('practices', 'headers.if-match'), null);
});

t.test('every form label in every language', async (t) => {
  const keys = Object.keys(FORM_STRINGS.en).sort();
  for (const lang of ['fr', 'es'] as const) {
    t.same(Object.keys(FORM_STRINGS[lang]).sort(), keys, `${lang} has every key`);
    t.same(Object.keys(FORM_STRINGS[lang].names).sort(), Object.keys(FORM_STRINGS.en.names).sort());
    for (const k of keys) {
      const en = FORM_STRINGS.en[k as keyof typeof FORM_STRINGS.en];
      const other = FORM_STRINGS[lang][k as keyof typeof FORM_STRINGS.en];
      if (typeof en === 'string' && en.length > 8) t.not(other, en, `${lang}.${k} is translated`);
      if (typeof en === 'function')
        t.not(
          String((other as (n: number) => string)(7)),
          String((en as (n: number) => string)(7)),
          `${lang}.${k}`,
        );
    }
  }
});
