import { randomUUID } from 'node:crypto';
import { test } from 'tap';
import { append, subjectFor } from '@rcpx/bus';
import type { Bus } from '@rcpx/bus';
import { buildApp } from './app.ts';
import { harness, parseFeed, quietLogger, share } from './test-support.ts';

/** Appends a `publication.released` event of IOM to the log; its item id. */
async function release(bus: Bus, url: string): Promise<string> {
  const itemId = randomUUID();
  await append(bus, subjectFor(bus, 'publication', itemId), {
    specversion: '1.0',
    id: randomUUID(),
    source: '/participants/iom',
    type: 'org.rcpx.publication.released',
    subject: `publications/${itemId}`,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    rcpxversion: 1,
    data: {
      title: { en: 'Migration health report', fr: 'Rapport sur la santé des migrants' },
      kind: 'report',
      url,
      themes: ['health'],
      visibility: { level: 'public' },
    },
  });
  return itemId;
}

/** The `<link>` elements of the entry about `itemId`, as attribute maps. */
function entryLinks(xml: string, itemId: string): Record<string, string>[] {
  const entry = [...xml.matchAll(/<entry>.*?<\/entry>/gs)]
    .map((m) => m[0])
    .find((e) => e.includes(itemId));
  if (!entry) return [];
  return [...entry.matchAll(/<link ([^>]*)\/>/g)].map((m) =>
    Object.fromEntries(
      [...m[1]!.matchAll(/([a-z]+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!.replace(/&amp;/g, '&')]),
    ),
  );
}

test('Atom for people: entries link to a readable page, the JSON and the document', async (t) => {
  const { bus, sync, appDb } = await harness(t);
  const app = await buildApp({
    config: { RCPX_READ_SCHEMA: 'rm', RCPX_ADMIN_TOKEN: undefined },
    db: appDb(),
    logger: quietLogger(),
  });
  t.teardown(() => app.close());
  const practice = await share(bus, { participant: 'bali-process', title: { en: 'Focal points' } });
  const pdf = 'https://publications.iom.int/health-report.pdf?lang=en&v=2';
  const publication = await release(bus, pdf);
  await sync();

  const en = await app.inject({ url: '/v1/feeds/themes/health.atom' });
  t.equal(en.statusCode, 200, en.body);
  t.same(
    entryLinks(en.body, publication).map((l) => [l.rel, l.type, l.href]),
    [
      ['alternate', 'text/html', `/v1/publications/${publication}`],
      ['alternate', 'application/json', `/v1/publications/${publication}`],
      ['related', undefined, pdf],
    ],
    'the readable page, the JSON and the publication itself',
  );
  t.same(
    entryLinks(en.body, practice.itemId).map((l) => [l.rel, l.type, l.href]),
    [
      ['alternate', 'text/html', `/v1/practices/${practice.itemId}`],
      ['alternate', 'application/json', `/v1/practices/${practice.itemId}`],
    ],
    'a practice has no document link',
  );
  const parsed = await parseFeed(en.body);
  t.match(
    parsed.items.find((i) => i.title.includes('health report'))?.link,
    new RegExp(`/v1/publications/${publication}$`),
    "a feed reader's entry link is the readable page",
  );

  const fr = await app.inject({ url: '/v1/feeds/themes/health.atom?lang=fr' });
  const frFeed = await parseFeed(fr.body);
  t.equal(
    frFeed.meta.description,
    'Ce que les PCR et les observateurs ont partagé sur « Migration et santé ».',
  );
  t.match(fr.body, '<author><name>Échange rcpx</name></author>');
  t.notMatch(fr.body, /What |shared on|rcpx exchange|Read it|As JSON|The document/, 'no English');
  const frLinks = entryLinks(fr.body, publication);
  t.equal(frLinks[0]!.href, `/v1/publications/${publication}?lang=fr`, 'the page in French');
  t.same(
    frLinks.map((l) => l.title),
    ['Lire', 'En JSON', 'Le document'],
  );

  const es = await parseFeed(
    (await app.inject({ url: '/v1/feeds/participants/iom.atom?lang=es' })).body,
  );
  t.match(es.meta.description, /^Lo que .+ compartió en el intercambio\.$/);
  const enIom = await parseFeed(
    (await app.inject({ url: '/v1/feeds/participants/iom.atom' })).body,
  );
  t.match(enIom.meta.description, /^What .+ shared on the exchange\.$/);
});
