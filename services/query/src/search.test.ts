import { test } from 'tap';
import { EVENT_TYPES } from '@rcpx/contracts';
import type { FixtureEvent } from './test-fixtures.ts';
import { seedEvents } from './test-fixtures.ts';
import { startQueryApp } from './test-app.ts';
import type { ReaderName } from './test-app.ts';

const id = (n: number) => `0c5e8a1d-7f3b-4c2a-8e6d-${n.toString().padStart(12, '0')}`;
const S = {
  depart: id(1), // fr practice, public: "départ" in its title
  regularizacion: id(2), // es practice, public
  cafe: id(3), // en practice, public: "Naïve", "café"
  workshop: id(4), // meeting, public: "départ" in its French title
  handbook: id(5), // publication, public: "départ" in its summary only
  secret: id(6), // bali-process practice, members only: "départ" in its title
  shared: id(7), // apc publication, rcps [iom]: "départ" in its title
};
const PUBLIC = { level: 'public' } as const;
const practice = (item: string, participant: string, data: Record<string, unknown>) => ({
  type: EVENT_TYPES.practiceShared,
  item,
  participant,
  data: { themes: ['return-reintegration'], visibility: PUBLIC, ...data },
});

const EVENTS: FixtureEvent[] = [
  practice(S.depart, '5plus5', {
    title: { fr: 'Aide au départ volontaire' },
    summary: { fr: 'Un accompagnement des migrants avant leur retour.' },
    countries: ['FR', 'MA'],
  }),
  practice(S.regularizacion, 'puebla-process', {
    title: { es: 'Regularización de trabajadores migrantes' },
    summary: { es: 'La Migración laboral ordenada y la regularización extraordinaria.' },
    themes: ['regularization', 'labour-migration'],
    countries: ['MX'],
  }),
  practice(S.cafe, 'igc', {
    title: { en: 'Naïve questions welcome: the CAFÉ model of integration' },
    summary: { en: 'Newcomers meet officials over coffee.' },
    themes: ['integration'],
    countries: ['SE'],
  }),
  {
    type: EVENT_TYPES.meetingOutcomeRecorded,
    item: S.workshop,
    participant: 'budapest-process',
    data: {
      meeting: {
        title: { en: 'Regional workshop on return', fr: 'Atelier régional sur le départ' },
        level: 'technical-workshop',
        startsOn: '2026-10-01',
        hostCountry: 'TR',
      },
      outcomes: [{ kind: 'conclusions', text: { en: 'Return counselling works.' } }],
      themes: ['return-reintegration'],
      visibility: PUBLIC,
    },
  },
  {
    type: EVENT_TYPES.publicationReleased,
    item: S.handbook,
    participant: 'iom',
    data: {
      title: { en: 'Handbook on reintegration' },
      summary: { fr: 'Un chapitre traite du départ et du retour des migrants âgés.' },
      kind: 'guidelines',
      url: 'https://example.org/handbook.pdf',
      themes: ['return-reintegration'],
      visibility: PUBLIC,
    },
  },
  practice(S.secret, 'bali-process', {
    title: { fr: 'Départ confidentiel', es: 'Salida confidencial' },
    visibility: { level: 'members' },
    countries: ['ID'],
  }),
  {
    type: EVENT_TYPES.publicationReleased,
    item: S.shared,
    participant: 'apc',
    data: {
      title: { fr: 'Étude restreinte sur le départ' },
      kind: 'research',
      url: 'https://example.org/study.pdf',
      themes: ['return-reintegration'],
      visibility: { level: 'rcps', rcps: ['iom'] },
    },
  },
];

test('full-text search ignores accents and case; GET /v1/search across kinds', async (t) => {
  const q = await startQueryApp(t);
  await seedEvents(q.db, q.schema, EVENTS);
  const get = async (url: string, reader: ReaderName = 'anonymous') => {
    const res = await q.get(url, reader);
    if (res.status !== 200)
      throw new Error(`${url} as ${reader}: ${res.status} ${res.body?.detail}`);
    return res.body as {
      items: { id: string; kind: string; rank: number }[];
      nextCursor: string | null;
    };
  };
  const ids = async (url: string, reader?: ReaderName) =>
    (await get(url, reader)).items.map((i) => i.id);
  const set = (a: string[]) => [...a].sort();
  const enc = encodeURIComponent;

  t.test('lists: accents and case in fr, es and en', async (t) => {
    for (const word of ['depart', 'départ', 'DEPART', 'Départ', 'volontaire', 'départs']) {
      t.same(await ids(`/v1/practices?q=${enc(word)}`), [S.depart], `fr: ${word}`);
    }
    for (const word of [
      'regularizacion',
      'Regularización',
      'REGULARIZACION',
      'migracion',
      'MIGRACIÓN',
    ]) {
      t.same(await ids(`/v1/practices?q=${enc(word)}`), [S.regularizacion], `es: ${word}`);
    }
    for (const word of ['naive', 'NAÏVE', 'cafe', 'café model', 'Cafe']) {
      t.same(await ids(`/v1/practices?q=${enc(word)}`), [S.cafe], `en: ${word}`);
    }
    t.same(await ids('/v1/meetings?q=depart'), [S.workshop], 'a meeting title');
    t.same(await ids('/v1/publications?q=depart'), [S.handbook], 'a publication summary');
    t.same(
      (await get('/v1/activity?q=depart')).items.map((e) => e.id).length,
      3,
      'activity: the events of the three public items',
    );
  });

  t.test('one ranked search across every kind', async (t) => {
    const res = await get('/v1/search?q=depart');
    const found = res.items.map((i) => i.id);
    t.same(set(found.slice(0, 2)), set([S.depart, S.workshop]), 'title matches first');
    t.equal(found[2], S.handbook, 'a summary match ranks below');
    t.equal(found.length, 3);
    t.same(
      res.items.map((i) => i.kind),
      found.map((f) =>
        f === S.workshop ? 'meeting' : f === S.handbook ? 'publication' : 'practice',
      ),
    );
    t.ok(res.items[0]!.rank >= res.items[1]!.rank && res.items[1]!.rank > res.items[2]!.rank);
    t.equal(res.nextCursor, null);
    t.same(await ids('/v1/search?q=DÉPART'), found, 'case and accents');
    t.same(await ids('/v1/search?q=regularizacion'), [S.regularizacion]);
    t.same(await ids(`/v1/search?q=${enc('naïve café')}`), [S.cafe]);
  });

  t.test('search pages (keyset on rank) visit every hit once, in order', async (t) => {
    const all = await ids('/v1/search?q=depart', 'admin');
    t.equal(all.length, 5);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof get>> = await get(
        `/v1/search?q=depart&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        'admin',
      );
      t.ok(page.items.length <= 2);
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor !== null);
    t.same(seen, all);
    const bad = await q.get('/v1/search?q=depart&cursor=eyJzIjoxfQ');
    t.equal(bad.status, 400);
  });

  t.test('search takes the list filters', async (t) => {
    t.same(await ids('/v1/search?q=depart&countries=FR'), [S.depart]);
    t.same(await ids('/v1/search?q=depart&participant=iom'), [S.handbook]);
    t.same(await ids(`/v1/search?q=depart&types=${EVENT_TYPES.meetingOutcomeRecorded}`), [
      S.workshop,
    ]);
    t.same(
      set(await ids('/v1/search?q=depart&participants=iom,5plus5&themes=return-reintegration')),
      set([S.handbook, S.depart]),
    );
    t.same(await ids('/v1/search?q=depart&themes=integration'), []);
    const unknown = await q.get('/v1/search?q=depart&kind=practice');
    t.equal(unknown.status, 400);
    t.match(unknown.body.detail, /allowed: .*q.*themes/);
    t.equal((await q.get('/v1/search')).status, 400, 'q is required');
    t.equal((await q.get('/v1/search?q=%20')).status, 400, 'q is not blank');
  });

  t.test('confidential items never appear for the wrong reader', async (t) => {
    const publicHits = set([S.depart, S.workshop, S.handbook]);
    t.same(set(await ids('/v1/search?q=depart')), publicHits, 'anonymous');
    t.same(set(await ids('/v1/search?q=depart', 'colombo-process')), publicHits);
    t.same(set(await ids('/v1/search?q=depart', 'bali-process')), set([...publicHits, S.secret]));
    t.same(set(await ids('/v1/search?q=depart', 'iom')), set([...publicHits, S.shared]));
    t.same(
      set(await ids('/v1/search?q=depart', 'admin')),
      set([...publicHits, S.secret, S.shared]),
    );
    for (const word of ['confidentiel', 'salida', 'restreinte', 'etude']) {
      t.same(await ids(`/v1/search?q=${word}`), [], `anonymous: ${word}`);
      t.same(await ids(`/v1/search?q=${word}`, 'colombo-process'), [], `colombo: ${word}`);
      t.same(await ids(`/v1/practices?q=${word}`), [], `list, anonymous: ${word}`);
    }
    t.same(await ids('/v1/search?q=confidentiel', 'bali-process'), [S.secret]);
    t.same(await ids('/v1/search?q=etude', 'iom'), [S.shared]);
    t.same(await ids('/v1/search?q=etude', 'bali-process'), []);
  });
});
