import { test } from 'tap';
import { fixedClock, queriesExchange, queryBody } from './queries-support.ts';

// `GET /v1/search` finds queries and replies beside the items, ranked together, each hit with
// its `kind` and `link` — and a reply only for who may read it (its author, the launcher, whom
// its visibility names, the admin), in a query the reader sees.

const NOW = '2026-12-04T12:00:00Z';

interface Hit {
  kind: string;
  id: string;
  rank: number;
  link: string;
  query?: string;
  participant: string;
  title?: Record<string, string>;
}

test('queries and replies are searchable by those who may read them', async (t) => {
  const x = await queriesExchange(t);
  const app = await x.instance(fixedClock(NOW));
  const req = async (method: 'GET' | 'POST', url: string, who: string, body?: object) => {
    const res = await x.request(app, method, url, who, body);
    if (res.statusCode >= 300) throw new Error(`${method} ${url} as ${who}: ${res.body}`);
    return res.json() as Record<string, unknown>;
  };

  const practice = await req('POST', '/v1/practices', 'bali-process', {
    title: { en: 'Quetzalword reintegration programme' },
    themes: ['return-reintegration'],
  });
  const open = await req(
    'POST',
    '/v1/queries',
    'bali-process',
    queryBody('2026-12-20', {
      title: { en: 'Quetzalword: reintegration grants', fr: 'Aides à la réintégration' },
      addressees: ['iom', 'igc', 'apc', 'midsa'],
    }),
  );
  const id = open.id as string;
  const replyIds: Record<string, string> = {};
  const reply = async (who: string, word: string, visibility?: object) => {
    const res = await req('POST', `/v1/queries/${id}/replies`, who, {
      answers: [{ ref: 'grants', text: { en: `Our ${word} programme.` } }],
      ...(visibility ? { visibility } : {}),
    });
    replyIds[word] = res.id as string;
  };
  await reply('iom', 'zanzibarword'); // default: the launcher only
  await reply('igc', 'yucatanword', { level: 'rcps', rcps: ['apc'] });
  await reply('apc', 'xanaduword', { level: 'public' });
  // a query only iom may read (and its launcher): its reply, asked public, stays inside it
  const closed = await req(
    'POST',
    '/v1/queries',
    'igc',
    queryBody('2026-12-20', {
      title: { en: 'Ocelotword: a question for iom' },
      visibility: { level: 'rcps', rcps: ['iom'] },
    }),
  );
  const hiddenId = closed.id as string;
  const last = (
    await req('POST', `/v1/queries/${hiddenId}/replies`, 'iom', {
      answers: [{ ref: 'grants', text: { en: 'Our wombatword scheme.' } }],
      visibility: { level: 'public' },
    })
  ).seq as number;

  const search = async (q: string, who: string, extra = '') =>
    (await req('GET', `/v1/search?q=${q}&minSeq=${last}${extra}`, who)).items as Hit[];

  // anonymous, the launcher, the authors, a named participant, a third participant, the admin
  const readers: Record<string, string[]> = {
    anonymous: ['xanaduword'],
    'bali-process': ['xanaduword', 'yucatanword', 'zanzibarword'],
    iom: ['xanaduword', 'zanzibarword', 'wombatword', 'ocelotword'],
    igc: ['xanaduword', 'yucatanword', 'wombatword', 'ocelotword'],
    apc: ['xanaduword', 'yucatanword'],
    midsa: ['xanaduword'],
    admin: ['xanaduword', 'yucatanword', 'zanzibarword', 'wombatword', 'ocelotword'],
  };
  const words = ['xanaduword', 'yucatanword', 'zanzibarword', 'wombatword', 'ocelotword'];

  t.test('the visibility matrix, every reader searching at once', async (t) => {
    const checks = Object.entries(readers).flatMap(([who, sees]) =>
      words.map(async (word) => {
        const hits = await search(word, who);
        if (!sees.includes(word)) {
          t.same(hits, [], `${who} never finds ${word}`);
          return;
        }
        t.equal(hits.length, 1, `${who} finds ${word}`);
        const [hit] = hits;
        if (word === 'ocelotword') {
          t.match(hit, { kind: 'query', id: hiddenId, link: `/v1/queries/${hiddenId}` });
        } else if (word === 'wombatword') {
          t.match(hit, { kind: 'reply', query: hiddenId, participant: 'iom' });
        } else {
          t.match(hit, {
            kind: 'reply',
            id: replyIds[word],
            query: id,
            title: { en: 'Quetzalword: reintegration grants' },
            link: `/v1/queries/${id}/replies/${replyIds[word]}`,
          });
        }
        const linked = await x.request(app, 'GET', hit!.link, who);
        t.equal(linked.statusCode, 200, `${who} reads the link of ${word}`);
      }),
    );
    await Promise.all(checks);
  });

  t.test('queries and items ranked together, each with its kind and link', async (t) => {
    const hits = await search('quetzalword', 'anonymous');
    t.same(hits.map((h) => h.kind).sort(), ['practice', 'query']);
    t.ok(hits[0]!.rank >= hits[1]!.rank, 'best first');
    const item = hits.find((h) => h.kind === 'practice');
    t.match(item, {
      id: practice.id,
      link: `/v1/practices/${practice.id as string}`,
      title: { en: 'Quetzalword reintegration programme' },
    });
    t.match(
      hits.find((h) => h.kind === 'query'),
      { id, link: `/v1/queries/${id}` },
    );
  });

  t.test('pages visit every hit of every kind once, in order', async (t) => {
    const all = await search('programme', 'admin');
    t.same(all.map((h) => h.kind).sort(), ['practice', 'reply', 'reply', 'reply']);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await req(
        'GET',
        `/v1/search?q=programme&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
        'admin',
      );
      seen.push(...(page.items as Hit[]).map((h) => h.id));
      cursor = page.nextCursor as string | null;
    } while (cursor !== null);
    t.same(
      seen,
      all.map((h) => h.id),
    );
    t.same((await search('programme', 'midsa')).map((h) => h.kind).sort(), ['practice', 'reply']);
  });

  t.test('the list filters apply to queries and replies', async (t) => {
    const count = async (extra: string) => (await search('xanaduword', 'admin', extra)).length;
    t.equal(await count('&participant=apc'), 1, 'a reply by its author');
    t.equal(await count('&participant=bali-process'), 0, 'not by the launcher');
    t.equal(await count('&themes=return-reintegration'), 1, "by its query's themes");
    t.equal(await count('&themes=asylum'), 0);
    t.equal(await count('&countries=MX'), 0, 'a reply concerns no country');
    t.equal(await count('&types=org.rcpx.query.replied'), 1);
    t.equal(await count('&types=org.rcpx.query.launched'), 0);
    t.equal((await search('quetzalword', 'admin', '&types=org.rcpx.query.launched')).length, 1);
  });
});
