import t from 'tap';
import type { CloudEvent } from '@rcpx/contracts';
import { localized, pickLang, typeInWords } from '../dashboard/src/i18n.ts';
import { ConnectionIndicator, OFFLINE_AFTER_ATTEMPTS } from '../dashboard/src/status.ts';
import { DashboardStore, emptyCounts, entryOf } from '../dashboard/src/store.ts';
import type { Counts } from '../dashboard/src/store.ts';

// The dashboard's logic without a browser: counts from live events, resyncs, ticker, indicator.

let n = 0;
function event(
  type: string,
  seq: number,
  data: Record<string, unknown>,
  opts: { participant?: string; item?: string; version?: number } = {},
): CloudEvent {
  const kind = type.split('.')[2]!;
  return {
    specversion: '1.0',
    id: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
    source: `/participants/${opts.participant ?? 'bali-process'}`,
    type,
    subject: `${kind}s/${opts.item ?? `item-${seq}`}`,
    time: '2026-05-04T09:30:00Z',
    datacontenttype: 'application/json',
    rcpxseq: seq,
    rcpxversion: opts.version ?? 1,
    data: { visibility: { level: 'public' }, ...data },
  };
}

const shared = (seq: number, themes: string[], participant = 'bali-process', item?: string) =>
  event(
    'org.rcpx.practice.shared',
    seq,
    { title: { en: `P${seq}` }, themes },
    { participant, ...(item ? { item } : {}) },
  );

const plain = (c: Counts) => ({
  theme: Object.fromEntries([...c.theme].sort()),
  participant: Object.fromEntries([...c.participant].sort()),
});

const counts = (theme: Record<string, number>, participant: Record<string, number>): Counts => ({
  theme: new Map(Object.entries(theme)),
  participant: new Map(Object.entries(participant)),
});

t.test('creations count +1, withdrawals −1, each live event once', async (t) => {
  const s = new DashboardStore();
  s.reset(10, counts({ trafficking: 2 }, { 'bali-process': 2 }));
  t.same(s.applyLive(shared(11, ['trafficking', 'health'], 'iom')), {
    applied: true,
    resync: false,
  });
  t.same(s.applyLive(shared(11, ['trafficking'], 'iom')).applied, false, 'a seq seen is ignored');
  t.same(s.applyLive(shared(9, ['trafficking'])).applied, false, 'an older seq is ignored');
  s.applyLive(
    event('org.rcpx.meeting.outcome.recorded', 12, {
      meeting: { title: { fr: 'Réunion' } },
      themes: ['health'],
    }),
  );
  s.applyLive(
    event(
      'org.rcpx.practice.withdrawn',
      13,
      { title: { en: 'P11' }, themes: ['trafficking', 'health'] },
      { participant: 'iom', item: 'item-11', version: 2 },
    ),
  );
  t.same(plain(s.counts), {
    theme: { health: 1, trafficking: 2 },
    participant: { 'bali-process': 3 },
  });
  t.equal(s.position, 13);
  t.equal(s.total(), 3);
  t.same(
    s.ticker(new Set(), 10).map((e) => [e.seq, e.fresh]),
    [
      [13, true],
      [12, true],
      [11, true],
    ],
  );
  t.same(s.ticker(new Set(), 10)[1]!.title, { fr: 'Réunion' }, 'a meeting’s title');
});

t.test('a revision of themes or visibility asks for a resync; of the title, not', async (t) => {
  const s = new DashboardStore();
  s.reset(0, emptyCounts());
  s.applyLive(shared(1, ['trafficking'], 'bali-process', 'a'));
  const revise = (seq: number, changed: string[] | undefined) =>
    s.applyLive(
      event(
        'org.rcpx.practice.revised',
        seq,
        { title: { en: 'A' }, themes: ['asylum'], ...(changed ? { changed } : {}) },
        { item: 'a', version: 2 },
      ),
    );
  t.equal(revise(2, ['title']).resync, false);
  t.equal(revise(3, ['themes']).resync, true);
  t.equal(revise(4, ['visibility', 'summary']).resync, true);
  t.equal(revise(5, undefined).resync, true, 'no `changed`: resync to be safe');
  t.equal(
    s.applyLive(event('org.rcpx.practice.endorsed', 6, { themes: ['asylum'] })).resync,
    false,
    'an unknown type moves nothing',
  );
  t.same(plain(s.counts).theme, { trafficking: 1 }, 'revisions do not move counts by themselves');
});

t.test('a resync replaces the counts and re-applies what arrived meanwhile', async (t) => {
  const s = new DashboardStore();
  s.reset(5, counts({ trafficking: 1 }, { 'bali-process': 1 }));
  const at = s.beginResync();
  t.equal(at, 5);
  s.applyLive(shared(6, ['health'], 'iom'));
  s.applyLive(shared(7, ['trafficking'], 'iom'));
  // The snapshot at 5 says the item moved from trafficking to asylum.
  s.applySnapshot(at, counts({ asylum: 1 }, { 'bali-process': 1 }));
  t.same(plain(s.counts), {
    theme: { asylum: 1, health: 1, trafficking: 1 },
    participant: { 'bali-process': 1, iom: 2 },
  });
  const again = s.beginResync();
  s.cancelResync();
  s.applyLive(shared(8, ['health'], 'iom'));
  t.equal(again, 7);
  t.same(plain(s.counts).theme, { asylum: 1, health: 2, trafficking: 1 }, 'cancel keeps counts');
});

t.test('ticker: newest first, filtered by any theme, merged by seq, bounded', async (t) => {
  const s = new DashboardStore(5);
  s.reset(0, emptyCounts());
  s.addEntries([entryOf(shared(2, ['asylum'])), entryOf(shared(1, ['trafficking']))]);
  s.addEntries([entryOf(shared(2, ['health']))]);
  t.same(
    s.ticker(new Set(['asylum']), 10).map((e) => e.seq),
    [2],
    'first copy of a seq kept',
  );
  for (let seq = 3; seq <= 9; seq++) s.applyLive(shared(seq, seq % 2 ? ['gender'] : ['trade']));
  t.same(
    s.ticker(new Set(), 10).map((e) => e.seq),
    [9, 8, 7, 6, 5],
    'at most maxEntries, the newest',
  );
  t.same(
    s.ticker(new Set(['gender', 'asylum']), 2).map((e) => e.seq),
    [9, 7],
  );
  t.equal(entryOf(shared(1, [])).participant, 'bali-process');
  t.equal(entryOf(shared(1, [], 'iom', 'x-1')).itemId, 'x-1');
});

t.test('connection indicator', async (t) => {
  const c = new ConnectionIndicator();
  t.equal(c.onStatus({ state: 'connecting', attempt: 0 }), 'connecting');
  t.equal(c.onStatus({ state: 'open', after: 3 }), 'live');
  t.equal(c.onStatus({ state: 'reconnecting', attempt: 1, delayMs: 0 }), 'reconnecting');
  t.equal(c.onStatus({ state: 'connecting', attempt: 1 }), 'reconnecting');
  t.equal(
    c.onStatus({ state: 'reconnecting', attempt: OFFLINE_AFTER_ATTEMPTS, delayMs: 4000 }),
    'offline',
  );
  t.equal(c.onStatus({ state: 'connecting', attempt: 6 }), 'offline');
  t.equal(c.onStatus({ state: 'open', after: undefined }), 'live', 'recovers by itself');
  t.equal(c.onBrowser(false), 'offline');
  t.equal(c.onStatus({ state: 'reconnecting', attempt: 1, delayMs: 0 }), 'offline');
  t.equal(c.onBrowser(true), 'reconnecting');
  t.equal(c.onStatus({ state: 'open', after: 9 }), 'live');
  t.equal(c.onFatal(), 'offline');
});

t.test('languages: UI words and localized text with fallback', async (t) => {
  t.equal(pickLang('fr'), 'fr');
  t.equal(pickLang('de', ['es-MX', 'en']), 'es');
  t.equal(pickLang(null, ['de-DE']), 'en');
  t.equal(typeInWords('es', 'org.rcpx.practice.shared'), 'compartió una práctica');
  t.equal(typeInWords('fr', 'org.rcpx.publication.released'), 'a diffusé une publication');
  t.equal(typeInWords('en', 'org.rcpx.request.opened'), 'published an update');
  t.same(localized({ en: 'Hello', fr: 'Bonjour' }, 'fr'), { text: 'Bonjour', lang: 'fr' });
  t.same(localized({ es: 'Hola' }, 'fr'), { text: 'Hola', lang: 'es' }, 'falls back');
  t.same(localized({ fr: 'Bonjour', es: 'Hola' }, 'en'), { text: 'Bonjour', lang: 'fr' });
  t.same(localized('plain', 'en'), { text: 'plain', lang: '' });
  t.equal(localized(null, 'en'), null);
  t.equal(localized({ en: '  ' }, 'en'), null);
});
