import t from 'tap';
import { SUBS_STRINGS } from '../workspace/src/i18n-subs.ts';
import { LIVE_STRINGS } from '../workspace/src/i18n-live.ts';
import { ITEM_TYPES, itemIdOf, liveBarText } from '../workspace/src/live-updates.ts';
import { parseRoute } from '../workspace/src/router.ts';
import { feedUrl, subFieldOf, subscriptionBody } from '../workspace/src/subs-api.ts';

// The subscription screens' and live updates' logic without a browser: routes, the create
// body, where an API error goes, feed URLs, which item an event is about; every label in every
// language.

const ID = '0b6f7f5e-3c2a-4b8e-9a51-6f1d2b7c9e10';

t.test('routes of the subscription screens', async (t) => {
  t.same(parseRoute('/app/subscriptions', ''), { view: 'subscriptions' });
  t.same(parseRoute('/app/subscriptions/', ''), { view: 'subscriptions' });
  t.same(parseRoute(`/app/subscriptions/${ID}`, ''), { view: 'subscription', id: ID });
  t.match(parseRoute('/app/subscriptions/new', ''), { view: 'not-found' });
  t.match(parseRoute(`/app/subscriptions/${ID}/deliveries`, ''), { view: 'not-found' });
});

t.test('the create body: empty filters and description left out, nothing checked', async (t) => {
  t.same(
    subscriptionBody({
      url: ' https://hooks.example.org/rcpx ',
      description: '  ',
      themes: [],
      participants: [],
      types: [],
    }),
    { url: 'https://hooks.example.org/rcpx' },
  );
  t.same(
    subscriptionBody({
      url: 'not a url',
      description: ' Case system ',
      themes: ['trafficking'],
      participants: ['bali-process'],
      types: ['org.rcpx.practice.shared'],
    }),
    {
      url: 'not a url',
      description: 'Case system',
      themes: ['trafficking'],
      participants: ['bali-process'],
      types: ['org.rcpx.practice.shared'],
    },
    'the API says what is wrong, field by field',
  );
});

t.test('API error paths and their fields', async (t) => {
  t.equal(subFieldOf('body.url'), 'url');
  t.equal(subFieldOf('body.themes.0'), 'themes');
  t.equal(subFieldOf('body.after'), 'after');
  t.equal(subFieldOf('body'), null);
  t.equal(subFieldOf('body.secret'), null);
  t.equal(subFieldOf('query.limit'), null);
});

t.test('feed URLs from the feed key templates', async (t) => {
  const key = 'rcpxfeed_abc';
  t.equal(
    feedUrl(`/v1/feeds/themes/{theme}.atom?key=${key}`, 'http://x.test', 'trafficking'),
    `http://x.test/v1/feeds/themes/trafficking.atom?key=${key}`,
  );
  t.equal(
    feedUrl(`/v1/feeds/participants/{slug}.atom?key=${key}`, 'http://x.test', 'bali-process'),
    `http://x.test/v1/feeds/participants/bali-process.atom?key=${key}`,
  );
});

t.test('which item an event is about', async (t) => {
  t.equal(itemIdOf('practices', { subject: `practices/${ID}` }), ID);
  t.equal(itemIdOf('meetings', { subject: `practices/${ID}` }), null);
  t.equal(itemIdOf('meetings', { subject: `meetings/${ID}/outcomes/x` }), null);
  t.equal(ITEM_TYPES.meetings.created, 'org.rcpx.meeting.outcome.recorded');
  t.equal(ITEM_TYPES.publications.withdrawn, 'org.rcpx.publication.withdrawn');
});

t.test('every subscription and live label in every language', async (t) => {
  const keys = Object.keys(SUBS_STRINGS.en).sort();
  for (const lang of ['fr', 'es'] as const) {
    t.same(Object.keys(SUBS_STRINGS[lang]).sort(), keys, `${lang} has every key`);
    for (const k of keys) {
      const en = SUBS_STRINGS.en[k as keyof typeof SUBS_STRINGS.en];
      const other = SUBS_STRINGS[lang][k as keyof typeof SUBS_STRINGS.en];
      if (typeof en === 'string' && en.length > 12) t.not(other, en, `${lang}.${k} is translated`);
    }
  }
  t.equal(SUBS_STRINGS.fr.newItems(3), '3 nouveaux éléments');
  t.equal(SUBS_STRINGS.es.newItems(1), '1 elemento nuevo');
  t.equal(SUBS_STRINGS.en.replayed(1, 7), '1 event queued again (through event 7).');
});

t.test(
  "the catalogue's live bar: new items and listed items changed, in every language",
  async (t) => {
    t.equal(liveBarText('en', 2, 0), '2 new items');
    t.equal(liveBarText('en', 1, 2), '1 new item, 2 updated');
    t.equal(liveBarText('en', 0, 1), '1 item updated');
    t.equal(liveBarText('fr', 1, 1), '1 nouvel élément, 1 modifié');
    t.equal(liveBarText('es', 0, 3), '3 elementos modificados');
    const keys = Object.keys(LIVE_STRINGS.en).sort();
    for (const lang of ['fr', 'es'] as const) t.same(Object.keys(LIVE_STRINGS[lang]).sort(), keys);
  },
);
