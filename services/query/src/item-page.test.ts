import { test } from 'tap';
import { EVENT_TYPES, PUBLIC } from '@rcpx/contracts';
import { DATASET, IDS } from './test-dataset.ts';
import { seedEvents } from './test-fixtures.ts';
import { startQueryApp } from './test-app.ts';

const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const HOSTILE = '6d1f9c2e-4b7a-4e3d-9a5c-0000000000e1';

test('GET /v1/<kind>s/{id} as a readable page for browsers, JSON for everyone else', async (t) => {
  const q = await startQueryApp(t);
  await seedEvents(q.db, q.schema, DATASET);
  await seedEvents(q.db, q.schema, [
    {
      type: EVENT_TYPES.practiceShared,
      item: HOSTILE,
      participant: 'iom',
      data: {
        title: { en: '<script>alert("x")</script> & co' },
        summary: { en: 'Line one\n\n<img src=x onerror=alert(1)>' },
        links: [
          'javascript:alert(1)',
          { url: 'https://example.org/a?b=1&c=2', title: 'A "guide"' },
        ],
        themes: ['health'],
        visibility: PUBLIC,
      },
    },
  ]);
  const page = (url: string, reader: Parameters<typeof q.get>[1] = 'anonymous', headers = {}) =>
    q.app.inject({
      method: 'GET',
      url,
      headers: { accept: BROWSER, ...q.auth(reader), ...headers },
    });

  t.test('JSON clients are unchanged', async (t) => {
    for (const accept of [
      undefined,
      '*/*',
      'application/json',
      'application/json, text/html;q=0.5',
    ]) {
      const res = await q.get(
        `/v1/practices/${IDS.recruitmentFees}`,
        'anonymous',
        accept ? { accept } : {},
      );
      t.equal(res.status, 200, String(accept));
      t.equal(res.body.id, IDS.recruitmentFees);
      t.equal(res.headers.etag, '"2"');
      t.match(res.headers.vary, /accept/i);
    }
  });

  t.test('a browser gets an escaped, localised page', async (t) => {
    const res = await page(`/v1/practices/${IDS.recruitmentFees}`);
    t.equal(res.statusCode, 200);
    t.match(res.headers['content-type'], /^text\/html; charset=utf-8/);
    t.match(res.headers['content-security-policy'], /default-src 'none'/);
    t.match(res.headers.vary, /accept/i);
    t.equal(res.headers['content-language'], 'en');
    t.match(res.body, '<html lang="en">');
    t.match(res.body, '<h1>Capping recruitment fees charged to migrant workers</h1>');
    t.match(res.body, 'Shared by');

    const fr = await page(`/v1/practices/${IDS.recruitmentFees}?lang=fr`);
    t.match(fr.body, '<html lang="fr">');
    t.match(fr.body, 'Partagé par');
    t.match(fr.body, '<h1 lang="en">', 'an English-only title says so');
    const es = await page(`/v1/practices/${IDS.recruitmentFees}`, 'anonymous', {
      'accept-language': 'es-ES,es;q=0.9,en;q=0.5',
    });
    t.equal(es.headers['content-language'], 'es');
    t.match(es.body, 'Compartido por');
    t.equal((await page(`/v1/practices/${IDS.recruitmentFees}?lang=de`)).statusCode, 400);

    const hostile = await page(`/v1/practices/${HOSTILE}`);
    t.equal(hostile.statusCode, 200);
    t.notMatch(hostile.body, /<script|<img|href="javascript/i, 'nothing of the data is markup');
    t.match(hostile.body, '&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; co');
    t.match(hostile.body, 'href="https://example.org/a?b=1&#38;c=2"');
    t.match(hostile.body, 'A &#34;guide&#34;');
  });

  t.test('meetings and publications', async (t) => {
    const meeting = await page(`/v1/meetings/${IDS.pueblaMinisterial}?lang=es`);
    t.equal(meeting.statusCode, 200);
    t.match(meeting.body, 'Resultados de reunión');
    t.match(meeting.body, 'XXVII Reunión Viceministerial');
    t.match(meeting.body, 'Declaración');
    t.match(meeting.body, 'Los países miembros reafirman');
    const publication = await page(`/v1/publications/${IDS.iomIndicators}`);
    t.equal(publication.statusCode, 200);
    t.match(publication.body, '<a href="https://publications.iom.int/books/mgi-southern-africa"');
    t.match(publication.body, 'Statistics');
  });

  t.test('visibility applies as for JSON: 404 for what the reader may not see', async (t) => {
    for (const [url, allowed, refused] of [
      [`/v1/practices/${IDS.baliBorderExercise}`, 'bali-process', 'colombo-process'],
      [`/v1/practices/${IDS.preDeparture}`, 'colombo-process', 'iom'],
      [`/v1/meetings/${IDS.baliSom}`, 'bali-process', 'anonymous'],
      [`/v1/publications/${IDS.apcDisplacement}`, 'iom', 'colombo-process'],
    ] as const) {
      const seen = await page(url, allowed);
      t.equal(seen.statusCode, 200, `${allowed} sees ${url}`);
      for (const reader of ['anonymous', refused] as const) {
        const hidden = await page(url, reader);
        t.equal(hidden.statusCode, 404, `${reader} does not see ${url}`);
        t.match(hidden.headers['content-type'], /^text\/html/, 'a not-found page');
        const json = await q.get(url, reader);
        t.equal(json.status, 404);
        t.same(hidden.body.includes('<h1>'), true);
        t.notMatch(hidden.body, seen.body.match(/<h1[^>]*>([^<]+)</)![1]!, 'nothing of it leaks');
      }
    }
    t.equal((await page(`/v1/meetings/${IDS.recruitmentFees}`)).statusCode, 404, 'other kind');
  });
});
