import { test } from 'tap';
import { PARTICIPANTS, THEMES } from '@rcpx/contracts';
import { DATASET } from './test-dataset.ts';
import { seedEvents } from './test-fixtures.ts';
import { READERS, startQueryApp } from './test-app.ts';
import type { QueryTestApp, ReaderName } from './test-app.ts';

/** No adoptions, follow-ups, queries or replies in this dataset. */
const NONE = { adoptions: 0, followUps: 0, queries: 0, replies: 0 };

/** Per theme and per participant, the active items `reader` gets from the three lists. */
async function countedFromLists(q: QueryTestApp, reader: ReaderName) {
  const themes = new Map<string, number>();
  const participants = new Map<string, number>();
  for (const path of ['practices', 'meetings', 'publications']) {
    const res = await q.get(`/v1/${path}?limit=200`, reader);
    for (const item of res.body.items as { themes: string[]; participant: string }[]) {
      for (const th of item.themes) themes.set(th, (themes.get(th) ?? 0) + 1);
      participants.set(item.participant, (participants.get(item.participant) ?? 0) + 1);
    }
  }
  return { themes, participants };
}

test('GET /v1/themes and /v1/participants', async (t) => {
  const q = await startQueryApp(t);
  await seedEvents(q.db, q.schema, DATASET);

  t.test('every theme of the taxonomy, labelled in en/fr/es, in order', async (t) => {
    const res = await q.get('/v1/themes');
    t.equal(res.status, 200);
    t.same(
      res.body.items.map((x: { slug: string }) => x.slug),
      THEMES.map((x) => x.slug),
    );
    const trafficking = res.body.items.find((x: { slug: string }) => x.slug === 'trafficking');
    t.same(trafficking, {
      slug: 'trafficking',
      labels: { en: 'Trafficking in persons', fr: 'Traite des personnes', es: 'Trata de personas' },
      count: 2,
      crossCounts: NONE,
    });
  });

  t.test('the registry with its details', async (t) => {
    const res = await q.get('/v1/participants');
    t.equal(res.status, 200);
    t.same(
      res.body.items.map((x: { slug: string }) => x.slug),
      PARTICIPANTS.map((x) => x.slug),
    );
    t.same(
      res.body.items.find((x: { slug: string }) => x.slug === 'colombo-process'),
      { ...PARTICIPANTS.find((x) => x.slug === 'colombo-process'), count: 1, crossCounts: NONE },
    );
  });

  t.test('counts agree with what each reader can list (withdrawn items not counted)', async (t) => {
    for (const reader of READERS) {
      const expected = await countedFromLists(q, reader);
      const themes = (await q.get('/v1/themes', reader)).body.items;
      for (const th of themes as { slug: string; count: number }[]) {
        t.equal(th.count, expected.themes.get(th.slug) ?? 0, `${reader}: theme ${th.slug}`);
      }
      const participants = (await q.get('/v1/participants', reader)).body.items;
      for (const p of participants as { slug: string; count: number }[]) {
        t.equal(p.count, expected.participants.get(p.slug) ?? 0, `${reader}: ${p.slug}`);
      }
    }
    const count = async (url: string, reader: ReaderName) => (await q.get(url, reader)).body.count;
    t.equal(await count('/v1/themes/return-reintegration', 'admin'), 0, 'only item withdrawn');
    t.equal(await count('/v1/participants/budapest-process', 'admin'), 0);
    t.equal(await count('/v1/themes/smuggling', 'anonymous'), 0);
    t.equal(await count('/v1/themes/smuggling', 'bali-process'), 2);
    t.equal(await count('/v1/themes/labour-migration', 'colombo-process'), 3);
    t.equal(await count('/v1/themes/displacement', 'iom'), 1);
    t.equal(await count('/v1/participants/bali-process', 'admin'), 3);
    t.equal(await count('/v1/participants/bali-process', 'colombo-process'), 1);
  });

  t.test('one theme, one participant; unknown → 404', async (t) => {
    const theme = await q.get('/v1/themes/human-rights');
    t.equal(theme.status, 200);
    t.same(theme.body, {
      slug: 'human-rights',
      labels: {
        en: 'Human rights of migrants',
        fr: 'Droits humains des migrants',
        es: 'Derechos humanos de los migrantes',
      },
      count: 3,
      crossCounts: NONE,
    });
    const p = await q.get('/v1/participants/puebla-process');
    t.equal(p.status, 200);
    t.match(p.body, { slug: 'puebla-process', acronym: 'RCM / Puebla Process', count: 2 });
    for (const url of [
      '/v1/themes/nope',
      '/v1/themes/Trafficking',
      '/v1/participants/NOPE',
      '/v1/participants/frontex',
    ]) {
      const res = await q.get(url);
      t.equal(res.status, 404, url);
      t.match(res.headers['content-type'], /application\/problem\+json/);
    }
  });
});
