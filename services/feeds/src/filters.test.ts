import { test } from 'tap';
import { appendPracticeEvent } from '@rcpx/testing';
import { buildApp } from './app.ts';
import { harness, parseFeed, quietLogger, tokenFor } from './test-support.ts';

const SHARED = 'org.rcpx.practice.shared';
const WITHDRAWN = 'org.rcpx.practice.withdrawn';

test('the event log and Atom take the list filters', async (t) => {
  const { db, bus, sync, appDb } = await harness(t);
  const app = await buildApp({
    config: { RCPX_READ_SCHEMA: 'rm', RCPX_ADMIN_TOKEN: 'admin-secret-token' },
    db: appDb(),
    logger: quietLogger(),
    routes: { minSeqTimeoutMs: 300 },
  });
  t.teardown(() => app.close());

  const pub = { level: 'public' };
  const put = (
    participant: string,
    themes: string[],
    countries?: string[],
    visibility: object = pub,
  ) =>
    appendPracticeEvent(bus, {
      participant,
      data: {
        title: { en: `${participant} on ${themes.join(' and ')}` },
        themes,
        visibility,
        ...(countries ? { countries } : {}),
      },
    });
  const a = await put('bali-process', ['trafficking'], ['ID', 'AU']); // 1
  const b = await put('colombo-process', ['trafficking', 'labour-migration'], ['LK']); // 2
  const c = await put('iom', ['asylum'], ['FR']); // 3
  const d = await put('bali-process', ['asylum', 'health']); // 4
  const secret = await put('bali-process', ['trafficking'], ['FR'], { level: 'members' }); // 5
  const w = await appendPracticeEvent(bus, {
    participant: 'bali-process',
    type: WITHDRAWN,
    itemId: a.itemId,
    data: {
      title: { en: 'bali-process on trafficking' },
      themes: ['trafficking'],
      visibility: pub,
    },
  }); // 6
  await sync();
  const bali = await tokenFor(db, 'bali-process');

  const seqs = async (query: string, headers: Record<string, string> = {}) => {
    const res = await app.inject({ method: 'GET', url: `/v1/events?${query}`, headers });
    if (res.statusCode !== 200) throw new Error(`${query}: ${res.statusCode} ${res.body}`);
    return (res.json() as { rcpxseq: number }[]).map((e) => e.rcpxseq);
  };

  t.test('/v1/events: plural, singular, both, OR within and AND across lists', async (t) => {
    t.same(await seqs('themes=trafficking'), [a.seq, b.seq, w.seq], 'plural');
    t.same(await seqs('theme=trafficking'), [a.seq, b.seq, w.seq], 'singular alias (unchanged)');
    t.same(await seqs('themes=trafficking&theme=health'), [a.seq, b.seq, d.seq, w.seq], 'both');
    t.same(await seqs('themes=trafficking,asylum&participants=bali-process'), [
      a.seq,
      d.seq,
      w.seq,
    ]);
    t.same(await seqs('participants=iom,colombo-process'), [b.seq, c.seq]);
    t.same(await seqs('participant=iom'), [c.seq]);
    t.same(await seqs(`types=${WITHDRAWN}`), [w.seq]);
    t.same(await seqs(`type=${SHARED}&participant=bali-process`), [a.seq, d.seq]);
    t.same(await seqs('countries=FR,LK'), [b.seq, c.seq], "countries of the event's data");
    t.same(await seqs('countries=FR', { authorization: `Bearer ${bali}` }), [c.seq, secret.seq]);
    t.same(await seqs('country=AU&themes=trafficking'), [a.seq]);
    t.same(await seqs('countries=FR&themes=trafficking'), [], 'hidden stays hidden');
  });

  t.test('/v1/events: the next link keeps the filters', async (t) => {
    const res = await app.inject({
      method: 'GET',
      url: '/v1/events?after=0&limit=1&theme=trafficking&countries=ID,LK',
    });
    t.equal(res.statusCode, 200);
    t.equal(
      res.headers.link,
      `</v1/events?after=${a.seq}&limit=1&themes=trafficking&countries=ID%2CLK>; rel="next"`,
    );
  });

  t.test('/v1/events: unknown parameters and types are 400s', async (t) => {
    for (const url of [
      '/v1/events?thems=trafficking',
      '/v1/events?after=0&cursor=1',
      '/v1/events?types=org.rcpx.unknown.thing',
    ]) {
      const res = await app.inject({ method: 'GET', url });
      t.equal(res.statusCode, 400, url);
      t.match(res.headers['content-type'], /application\/problem\+json/);
    }
    const res = await app.inject({ method: 'GET', url: '/v1/events?thems=trafficking' });
    t.match(
      res.json().detail,
      'allowed: access_token, after, countries, country, limit, memberState, memberStates, minSeq, participant, ' +
        'participants, theme, themes, type, types',
    );
    t.equal(
      (await app.inject({ method: 'GET', url: `/v1/events?access_token=${bali}&minSeq=1` }))
        .statusCode,
      200,
    );
  });

  t.test('Atom: the filters narrow a feed, and its links keep them', async (t) => {
    const feed = async (url: string) => {
      const res = await app.inject({ method: 'GET', url });
      t.equal(res.statusCode, 200, url);
      return { res, parsed: await parseFeed(res.body) };
    };
    const all = await feed('/v1/feeds/themes/trafficking.atom');
    t.equal(all.parsed.items.length, 3);
    const some = await feed('/v1/feeds/themes/trafficking.atom?participants=colombo-process,iom');
    t.equal(some.parsed.items.length, 1);
    t.match(some.parsed.items[0]!.title, /colombo-process/);
    t.match(
      some.res.body,
      /href="\/v1\/feeds\/themes\/trafficking\.atom\?participants=colombo-process%2Ciom"/,
    );
    t.not(
      /<id>([^<]+)<\/id>/.exec(some.res.body)![1],
      /<id>([^<]+)<\/id>/.exec(all.res.body)![1],
      'a filtered feed has an id of its own',
    );
    const one = await feed(`/v1/feeds/participants/bali-process.atom?type=${SHARED}&country=AU`);
    t.equal(one.parsed.items.length, 1);
    const none = await feed('/v1/feeds/participants/bali-process.atom?countries=FR');
    t.equal(none.parsed.items.length, 0, 'the members-only item stays hidden');

    const bad = await app.inject({ method: 'GET', url: '/v1/feeds/themes/trafficking.atom?foo=1' });
    t.equal(bad.statusCode, 400);
    t.match(bad.json().detail, /allowed: .*before.*key.*lang.*themes/);
    const badType = await app.inject({
      method: 'GET',
      url: '/v1/feeds/themes/trafficking.atom?types=nope',
    });
    t.equal(badType.statusCode, 400);
  });
});
