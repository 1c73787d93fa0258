import t from 'tap';
import { STRINGS, LANGS, localized, pickLang } from '../workspace/src/i18n.ts';
import {
  errorMessage,
  fieldOf,
  practiceBody,
  visibilityPreview,
} from '../workspace/src/practice-form.ts';
import type { PracticeFields } from '../workspace/src/practice-form.ts';
import { apiListQuery, listUrl, parseRoute } from '../workspace/src/router.ts';

// The workspace's logic without a browser: routes, list URLs, the practice form's body, its
// visibility preview and where an API error goes; every label in every language.

const ID = '0b6f7f5e-3c2a-4b8e-9a51-6f1d2b7c9e10';

t.test('routes of the workspace URLs', async (t) => {
  t.match(parseRoute('/app', ''), { view: 'list', collection: 'practices' });
  t.match(parseRoute('/app/', ''), { view: 'list', collection: 'practices' });
  const list = parseRoute('/app/meetings', '?themes=trafficking&q=port');
  t.match(list, { view: 'list', collection: 'meetings' });
  t.equal(list.view === 'list' && list.query.get('q'), 'port');
  t.match(parseRoute(`/app/publications/${ID}`, ''), { view: 'item', id: ID });
  t.match(parseRoute('/app/practices/new', ''), { view: 'publish' });
  t.match(parseRoute('/app/meetings/new', ''), { view: 'publish', collection: 'meetings' });
  t.match(parseRoute('/app/practices/nope', ''), { view: 'not-found' });
  t.match(parseRoute('/app/sign-in', '?next=/app/practices/new'), {
    view: 'sign-in',
    next: '/app/practices/new',
  });
  t.match(
    parseRoute('/app/sign-in', '?next=https://evil.example/'),
    { view: 'sign-in', next: '/app' },
    'never sent elsewhere after signing in',
  );
  t.match(parseRoute('/app/sign-in', '?next=/app/sign-in'), { next: '/app' }, 'no loop');
  t.match(parseRoute('/app/sign-in', '?next=/application'), { next: '/app' });
  t.match(parseRoute('/elsewhere', ''), { view: 'not-found' });
});

t.test('list URLs and the API query they make', async (t) => {
  t.equal(
    listUrl('practices', { q: ' port ', themes: 'trafficking', status: '', cursor: 'abc' }),
    '/app/practices?q=port&themes=trafficking&cursor=abc',
  );
  t.equal(listUrl('meetings', {}), '/app/meetings');
  const q = apiListQuery(
    new URLSearchParams('q=x&lang=fr&text=es&themes=health&foo=1&memberState=TH'),
  );
  t.equal(
    q.toString(),
    'q=x&themes=health&memberState=TH&limit=20',
    'only what the API knows, a page size',
  );
});

const fields = (over: Partial<PracticeFields> = {}): PracticeFields => ({
  text: {
    en: { title: ' Port screening ', summary: '', body: '' },
    fr: { title: '', summary: 'Résumé', body: '' },
    es: { title: '', summary: '', body: '' },
  },
  themes: ['trafficking'],
  countries: 'th, id',
  links: 'https://a.example/x\n\n https://b.example/y ',
  contact: '',
  visibility: 'public',
  rcps: [],
  ...over,
});

t.test('the practice body from the form', async (t) => {
  t.same(practiceBody(fields()), {
    title: { en: 'Port screening' },
    summary: { fr: 'Résumé' },
    themes: ['trafficking'],
    countries: ['TH', 'ID'],
    links: ['https://a.example/x', 'https://b.example/y'],
    visibility: { level: 'public' },
  });
  t.same(practiceBody(fields({ visibility: 'rcps', rcps: ['iom'], countries: '', links: '' })), {
    title: { en: 'Port screening' },
    summary: { fr: 'Résumé' },
    themes: ['trafficking'],
    visibility: { level: 'rcps', rcps: ['iom'] },
  });
  const empty = fields();
  empty.text.en.title = '  ';
  t.same(practiceBody(empty).title, {}, 'an empty title is sent for the API to name it');
});

t.test('the visibility preview in every language', async (t) => {
  for (const lang of LANGS) {
    const s = STRINGS[lang];
    t.equal(visibilityPreview({ visibility: 'public', rcps: [] }, 'Bali', s), s.previewPublic);
    t.match(visibilityPreview({ visibility: 'members', rcps: [] }, 'Bali', s), /Bali/);
    const rcps = visibilityPreview({ visibility: 'rcps', rcps: ['iom', 'igc'] }, 'Bali', s, (x) =>
      x.toUpperCase(),
    );
    t.match(rcps, /Bali.*IOM, IGC/);
    t.equal(visibilityPreview({ visibility: 'rcps', rcps: [] }, 'Bali', s), s.previewRcpsNone);
  }
});

t.test('an API error path names its field', async (t) => {
  t.equal(fieldOf('body.title'), 'title');
  t.equal(fieldOf('body.title.en'), 'title');
  t.equal(fieldOf('body.themes.0'), 'themes');
  t.equal(fieldOf('body.visibility.rcps'), 'visibility');
  t.equal(fieldOf('body.countries.1'), 'countries');
  t.equal(fieldOf('body.unknown'), null);
  t.equal(fieldOf('headers.idempotency-key'), null);
  const fr = STRINGS.fr;
  t.equal(
    errorMessage('title', 'body.title', 'at least one of en, fr, es is required', fr),
    fr.errTitle,
  );
  t.equal(errorMessage('themes', 'body.themes', 'Too small', fr), fr.errThemes);
  t.equal(
    errorMessage('themes', 'body.themes.0', 'unknown theme "helth"', fr),
    'Thèmes: unknown theme "helth"',
    'others after the field label',
  );
  t.equal(errorMessage(null, 'body.extra', 'Unrecognized key', fr), 'extra: Unrecognized key');
});

t.test('every label in every language; languages chosen sensibly', async (t) => {
  const keys = Object.keys(STRINGS.en).sort();
  for (const lang of ['fr', 'es'] as const) {
    t.same(Object.keys(STRINGS[lang]).sort(), keys, `${lang} has every key`);
    for (const k of keys) {
      const en = STRINGS.en[k as keyof typeof STRINGS.en];
      const other = STRINGS[lang][k as keyof typeof STRINGS.en];
      if (typeof en === 'string' && en.length > 12) {
        t.not(other, en, `${lang}.${k} is translated`);
      }
    }
  }
  t.equal(pickLang('fr', 'es', ['en']), 'fr');
  t.equal(pickLang(null, 'es', ['fr-FR']), 'es');
  t.equal(pickLang('de', null, ['de-DE', 'es-MX']), 'es');
  t.equal(pickLang(null, null, []), 'en');
  t.same(localized({ fr: 'Bonjour' }, 'en'), { lang: 'fr', text: 'Bonjour' });
  t.same(localized({ en: 'Hi', fr: 'Salut' }, 'fr'), { lang: 'fr', text: 'Salut' });
  t.equal(localized({}, 'en'), undefined);
});
