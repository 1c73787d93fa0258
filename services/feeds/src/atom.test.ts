import { createHash } from 'node:crypto';
import { test } from 'tap';
import { revokeToken } from '@rcpx/db';
import { mintToken } from '@rcpx/testing';
import { buildApp } from './app.ts';
import { harness, parseFeed, quietLogger, share } from './test-support.ts';

const links = (xml: string) => {
  const out: Record<string, string> = {};
  for (const m of xml.matchAll(/<link rel="([^"]+)" type="[^"]+" href="([^"]+)"\/>/g)) {
    out[m[1]!] = m[2]!.replace(/&amp;/g, '&');
  }
  return out;
};

test('Atom feeds: valid, paged, localized, conditional, public unless keyed', async (t) => {
  const { db, bus, sync, appDb } = await harness(t);
  const app = await buildApp({
    config: { RCPX_READ_SCHEMA: 'rm', RCPX_ADMIN_TOKEN: undefined },
    db: appDb(),
    logger: quietLogger(),
    routes: { pageSize: 5 },
  });
  t.teardown(() => app.close());

  const pub: Awaited<ReturnType<typeof share>>[] = [];
  pub.push(
    await share(bus, {
      participant: 'bali-process',
      title: { fr: 'Protection des victimes <"&\'> \u0001 ✓' },
      summary: { fr: 'Résumé & détails', en: 'Summary & details' },
    }),
  );
  const balMembers = await share(bus, {
    participant: 'bali-process',
    visibility: { level: 'members' },
    title: { en: 'SECRET bali members only' },
  });
  const toColombo = await share(bus, {
    participant: 'ilo',
    visibility: { level: 'rcps', rcps: ['colombo-process'] },
    title: { en: 'For colombo only' },
  });
  for (let i = 0; i < 11; i++) {
    pub.push(
      await share(bus, {
        participant: i % 2 ? 'iom' : 'bali-process',
        title: { en: `Practice ${i}`, es: `Práctica ${i}` },
      }),
    );
  }
  await share(bus, { participant: 'iom', themes: ['asylum'], title: { en: 'Other theme' } });
  await sync();

  // Head: the 5 newest public entries, a link to older ones.
  const head = await app.inject({ url: '/v1/feeds/themes/health.atom' });
  t.equal(head.statusCode, 200, head.body);
  t.equal(head.headers['content-type'], 'application/atom+xml; charset=utf-8');
  t.match(head.headers['cache-control'], /^public/);
  const feed = await parseFeed(head.body);
  t.match(feed.meta.title, /Migration and health/);
  t.match(feed.meta['atom:id']['#'], /^urn:uuid:[0-9a-f-]{36}$/);
  t.ok(feed.meta.date instanceof Date, 'feed updated');
  t.equal(feed.items.length, 5);
  const newest = pub.slice().reverse();
  t.same(
    feed.items.map((i) => i.guid),
    newest.slice(0, 5).map((p) => `urn:uuid:${p.id}`),
    'newest first, urn:uuid ids',
  );
  for (const item of feed.items) {
    t.ok(item.title, 'entry title');
    t.ok(item.date instanceof Date, 'entry updated');
    t.ok(item.link, 'entry link');
    t.ok(item.author, 'entry author');
    t.ok(item.categories.includes('health'));
  }
  const l = links(head.body);
  t.ok(l.self && l.next && l['prev-archive'], 'self, next and prev-archive links');
  t.equal(l.next, l['prev-archive']);
  t.notOk(head.body.includes('fh:archive/'), 'the head is not an archive');

  // Walk the archives: every public entry exactly once, nothing restricted.
  const all = feed.items.map((i) => i.guid);
  let next: string | undefined = l['prev-archive'];
  let archives = 0;
  let lastArchive = '';
  while (next) {
    const r = await app.inject({ url: next });
    t.equal(r.statusCode, 200);
    t.ok(r.body.includes('<fh:archive/>'), 'archive document');
    const page = await parseFeed(r.body);
    all.push(...page.items.map((i) => i.guid));
    lastArchive = r.body;
    t.ok(links(r.body).current, 'archives link to the current feed');
    next = links(r.body)['prev-archive'];
    archives++;
  }
  t.equal(archives, 2);
  t.same(
    all,
    newest.map((p) => `urn:uuid:${p.id}`),
    'all public entries once, newest first',
  );
  t.ok(links(lastArchive)['next-archive'], 'the oldest archive links to the newer one');
  for (const body of [head.body, lastArchive]) {
    t.notOk(body.includes('SECRET') || body.includes('For colombo only'), 'public only');
  }

  // Localized titles carry xml:lang; markup and control characters are safe.
  const oldest = await parseFeed(lastArchive);
  const fr = oldest.items.find((i) => i.guid === `urn:uuid:${pub[0]!.id}`)!;
  t.equal(fr.title, 'Pratique partagée: Protection des victimes <"&\'>  ✓', 'escaped, in French');
  t.ok(lastArchive.includes('xml:lang="fr"'));
  t.equal(
    (fr as unknown as Record<string, { '@': Record<string, string> }>)['atom:title']!['@']![
      'xml:lang'
    ],
    'fr',
  );
  const es = await app.inject({ url: '/v1/feeds/themes/health.atom?lang=es' });
  const esFeed = await parseFeed(es.body);
  t.match(esFeed.meta.title, /Migración y salud/);
  t.match(esFeed.items[0]!.title, /^Práctica compartida: Práctica 10$/);

  // Conditional GET.
  const etag = head.headers.etag as string;
  t.match(etag, /^"[^"]+"$/);
  const again = await app.inject({
    url: '/v1/feeds/themes/health.atom',
    headers: { 'if-none-match': etag },
  });
  t.equal(again.statusCode, 304);
  t.equal(again.body, '');
  const changed = await app.inject({
    url: '/v1/feeds/themes/health.atom',
    headers: { 'if-none-match': '"stale"' },
  });
  t.equal(changed.statusCode, 200);

  // Participant feed, and a secret feed key of colombo-process.
  const bali = await parseFeed(
    (await app.inject({ url: '/v1/feeds/participants/bali-process.atom' })).body,
  );
  t.ok(bali.items.length > 0);
  t.notOk(bali.items.some((i) => i.guid === `urn:uuid:${balMembers.id}`));
  const key = 'rcpxfeed_test-key-of-colombo';
  const issuer = await mintToken(db, 'colombo-process');
  const { id: subId } = await db
    .insertInto('subscriptions')
    .values({
      participant: 'colombo-process',
      url: 'https://example.org/hook',
      secret: 'whsec_AAAA',
      start_seq: 0,
      feed_key_hash: createHash('sha256').update(key).digest('hex'),
      token_id: issuer.id,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const keyed = await app.inject({ url: `/v1/feeds/participants/ilo.atom?key=${key}` });
  t.equal(keyed.statusCode, 200);
  t.match(keyed.headers['cache-control'], /^private/);
  const keyedFeed = await parseFeed(keyed.body);
  t.ok(
    keyedFeed.items.some((i) => i.guid === `urn:uuid:${toColombo.id}`),
    'restricted via key',
  );
  const keyedBali = await parseFeed(
    (await app.inject({ url: `/v1/feeds/participants/bali-process.atom?key=${key}` })).body,
  );
  t.notOk(
    keyedBali.items.some((i) => i.guid === `urn:uuid:${balMembers.id}`),
    "bali's members-only never reaches colombo's feed",
  );
  const anonIlo = await parseFeed(
    (await app.inject({ url: '/v1/feeds/participants/ilo.atom' })).body,
  );
  t.equal(anonIlo.items.length, 0, 'without the key: nothing');

  // The token that issued the key is revoked: the key reads public items only (still private),
  // until a live token of colombo re-authorises the subscription.
  await revokeToken(db, issuer.id);
  const revoked = await app.inject({ url: `/v1/feeds/participants/ilo.atom?key=${key}` });
  t.equal(revoked.statusCode, 200);
  t.match(revoked.headers['cache-control'], /^private/);
  t.equal((await parseFeed(revoked.body)).items.length, 0, 'revoked: the restricted item is gone');
  const revokedHealth = await parseFeed(
    (await app.inject({ url: `/v1/feeds/themes/health.atom?key=${key}` })).body,
  );
  const anonHealth = await parseFeed(
    (await app.inject({ url: '/v1/feeds/themes/health.atom' })).body,
  );
  t.same(
    revokedHealth.items.map((i) => i.guid),
    anonHealth.items.map((i) => i.guid),
    'revoked: exactly the public feed',
  );
  const other = await mintToken(db, 'colombo-process');
  await db
    .updateTable('subscriptions')
    .set({ token_id: other.id })
    .where('id', '=', subId)
    .execute();
  const reauthorised = await parseFeed(
    (await app.inject({ url: `/v1/feeds/participants/ilo.atom?key=${key}` })).body,
  );
  t.ok(
    reauthorised.items.some((i) => i.guid === `urn:uuid:${toColombo.id}`),
    're-authorised by a live token',
  );
  const foreign = await mintToken(db, 'bali-process');
  await db
    .updateTable('subscriptions')
    .set({ token_id: foreign.id })
    .where('id', '=', subId)
    .execute();
  const wrongOwner = await parseFeed(
    (await app.inject({ url: `/v1/feeds/participants/ilo.atom?key=${key}` })).body,
  );
  t.equal(wrongOwner.items.length, 0, "another participant's token never authorises it");
  t.equal((await app.inject({ url: '/v1/feeds/themes/health.atom?key=wrong' })).statusCode, 401);

  // Unknown feeds and bad input: problem+json.
  for (const url of [
    '/v1/feeds/themes/nope.atom',
    '/v1/feeds/participants/nobody.atom',
    '/v1/feeds/themes/health.atom?lang=de',
    '/v1/feeds/themes/health.atom?before=abc',
  ]) {
    const r = await app.inject({ url });
    t.ok(r.statusCode === 404 || r.statusCode === 400, url);
    t.equal(r.headers['content-type'], 'application/problem+json; charset=utf-8');
  }
});

test('random feed keys from one address are limited (429), other addresses are not', async (t) => {
  const { db, appDb } = await harness(t);
  const app = await buildApp({
    config: { RCPX_READ_SCHEMA: 'rm', RCPX_ADMIN_TOKEN: undefined, RCPX_AUTH_FAILURES: 10 },
    db: appDb(),
    logger: quietLogger(),
  });
  t.teardown(() => app.close());
  const key = 'rcpxfeed_a-real-key';
  await db
    .insertInto('subscriptions')
    .values({
      participant: 'igc',
      url: 'https://example.org/hook',
      secret: 'whsec_AAAA',
      start_seq: 0,
      feed_key_hash: createHash('sha256').update(key).digest('hex'),
      token_id: (await mintToken(db, 'igc')).id,
    })
    .execute();
  const answers = await Promise.all(
    Array.from({ length: 300 }, (_, i) =>
      app.inject({
        url: `/v1/feeds/themes/health.atom?key=rcpxfeed_guess-${i}`,
        remoteAddress: '203.0.113.9',
      }),
    ),
  );
  const codes = answers.map((r) => r.statusCode);
  t.equal(codes.filter((c) => c === 401).length, 10, 'ten failures allowed');
  t.equal(codes.filter((c) => c === 429).length, 290, 'the rest limited');
  const limited = answers.find((r) => r.statusCode === 429)!;
  t.ok(Number(limited.headers['retry-after']) >= 1);
  t.match(limited.headers['content-type'], /^application\/problem\+json/);
  const others = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      app.inject({
        url: `/v1/feeds/themes/health.atom?key=${key}`,
        remoteAddress: `198.51.100.${i}`,
      }),
    ),
  );
  t.ok(
    others.every((r) => r.statusCode === 200),
    'the real key from other addresses',
  );
});
