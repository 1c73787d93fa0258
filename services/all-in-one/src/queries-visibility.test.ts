import { test } from 'tap';
import type { App } from '@rcpx/service-kit';
import { fixedClock, queriesExchange, queryBody } from './queries-support.ts';

// A reply is read by its author, the query's launcher and whoever its visibility names — on
// every read path: the query, its replies and counts, the compilation (JSON and page), search,
// the event log, activity, Atom and live. Then a compilation's languages and its page's escaping.

const NOW = '2026-12-04T12:00:00Z';

/** The SSE stream `who` reads from `after=0` until it has seen `lastSeq`. */
async function liveText(app: App, token: string | undefined, lastSeq: number): Promise<string> {
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('not listening');
  const query = token ? `&access_token=${token}` : '';
  const res = await fetch(`http://127.0.0.1:${address.port}/v1/live?after=0${query}`, {
    headers: { accept: 'text/event-stream' },
  });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (!text.includes(`id: ${lastSeq}\n`)) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value);
  }
  await reader.cancel();
  return text;
}

test('who reads which reply, on every read path', async (t) => {
  const x = await queriesExchange(t);
  const app = await x.instance(fixedClock(NOW));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const req = (method: 'GET' | 'POST', url: string, who: string, body?: object) =>
    x.request(app, method, url, who, body);

  const launched = await req(
    'POST',
    '/v1/queries',
    'bali-process',
    queryBody('2026-12-20', { addressees: ['iom', 'igc', 'apc', 'midsa'] }),
  );
  const { id } = launched.json() as { id: string };
  const reply = async (who: string, word: string, visibility?: object) => {
    const res = await req('POST', `/v1/queries/${id}/replies`, who, {
      answers: [{ ref: 'grants', text: { en: `Our ${word} programme.` } }],
      ...(visibility ? { visibility } : {}),
    });
    t.equal(res.statusCode, 201, res.body);
  };
  await reply('iom', 'zanzibarword'); // default: the launcher only
  await reply('igc', 'yucatanword', { level: 'rcps', rcps: ['apc'] });
  await reply('apc', 'xanaduword', { level: 'public' });
  const closed = await req('POST', `/v1/queries/${id}/close`, 'bali-process');
  const last = closed.json().seq as number;

  const readers: Record<string, string[]> = {
    anonymous: ['xanaduword'],
    midsa: ['xanaduword'],
    apc: ['xanaduword', 'yucatanword'],
    iom: ['xanaduword', 'zanzibarword'],
    'bali-process': ['xanaduword', 'yucatanword', 'zanzibarword'],
    admin: ['xanaduword', 'yucatanword', 'zanzibarword'],
  };
  const words = ['xanaduword', 'yucatanword', 'zanzibarword'];
  for (const [who, sees] of Object.entries(readers)) {
    const hidden = words.filter((w) => !sees.includes(w));
    const check = (path: string, body: string) => {
      for (const w of sees) t.match(body, w, `${who} reads ${w} on ${path}`);
      for (const w of hidden) t.notMatch(body, w, `${who} never reads ${w} on ${path}`);
    };
    const detail = await req('GET', `/v1/queries/${id}?minSeq=${last}`, who);
    t.equal(detail.json().replyCount, sees.length, `${who}: counts what it reads`);
    check('detail', detail.body);
    check('compilation', (await req('GET', `/v1/queries/${id}/compilation`, who)).body);
    const page = await x.request(app, 'GET', `/v1/queries/${id}/compilation`, who, undefined, {
      accept: 'text/html',
    });
    check('the compilation page', page.body);
    const list = (await req('GET', '/v1/queries', who)).json().items as { replyCount: number }[];
    t.equal(list[0]?.replyCount, sees.length, `${who}: the list counts what it reads`);
    for (const w of words) {
      const found = (await req('GET', `/v1/queries?q=${w}`, who)).json().items.length;
      t.equal(found, sees.includes(w) ? 1 : 0, `${who} searching ${w}`);
    }
    check('the event log', (await req('GET', '/v1/events?after=0', who)).body);
    check('activity', (await req('GET', '/v1/activity', who)).body);
    const authors: Record<string, string> = {
      iom: 'zanzibarword',
      igc: 'yucatanword',
      apc: 'xanaduword',
    };
    for (const [author, word] of Object.entries(authors)) {
      const one = await req('GET', `/v1/queries/${id}/replies/${author}`, who);
      t.equal(one.statusCode, sees.includes(word) ? 200 : 404, `${who}: ${author}'s reply`);
    }
    const token = (await x.headersOf(who)).authorization?.slice('Bearer '.length);
    check('live', await liveText(app, token, last));
  }
  const hidden = await req('GET', `/v1/queries/${id}/replies/iom`, 'midsa');
  t.equal(hidden.statusCode, 404);
  t.equal((await req('GET', `/v1/queries/${id}/replies/igc`, 'apc')).statusCode, 200);
  t.equal((await req('GET', `/v1/queries/${id}/replies/iom`, 'apc')).statusCode, 404);

  const atom = await req('GET', '/v1/feeds/participants/apc.atom', 'anonymous');
  t.match(atom.body, 'Reply to a question: Reintegration grants');
  t.match(atom.body, `/v1/queries/${id}`, "a reply's entry links its query");
  const iomFeed = await req('GET', '/v1/feeds/participants/iom.atom', 'anonymous');
  t.notMatch(iomFeed.body, 'Reply to a question', "iom's reply is in no public feed");
});

test('a query the reader may not read: 404 everywhere, in no list', async (t) => {
  const x = await queriesExchange(t);
  const app = await x.instance(fixedClock(NOW));
  const res = await x.request(
    app,
    'POST',
    '/v1/queries',
    'igc',
    queryBody('2026-12-20', { visibility: { level: 'rcps', rcps: ['iom'] } }),
  );
  t.equal(res.statusCode, 201, res.body);
  const { id, seq } = res.json() as { id: string; seq: number };
  for (const path of [`/v1/queries/${id}`, `/v1/queries/${id}/compilation`]) {
    t.equal((await x.request(app, 'GET', `${path}?minSeq=${seq}`, 'midsa')).statusCode, 404);
    t.equal((await x.request(app, 'GET', path, 'iom')).statusCode, 200);
  }
  t.same((await x.request(app, 'GET', '/v1/queries', 'anonymous')).json().items, []);
  const reply = await x.request(app, 'POST', `/v1/queries/${id}/replies`, 'midsa', {
    answers: [{ ref: 'grants', text: { en: 'x' } }],
  });
  t.equal(reply.statusCode, 404, 'replying to a query one may not read: 404');
});

test('the compilation: question by question, in a language with fallbacks; its page escapes', async (t) => {
  const x = await queriesExchange(t);
  const app = await x.instance(fixedClock(NOW));
  const res = await x.request(app, 'POST', '/v1/queries', 'bali-process', {
    ...queryBody('2026-12-20', { addressees: ['iom', 'unhcr'] }),
    title: { en: 'Screening <script>alert("t")</script>' },
  });
  const { id } = res.json() as { id: string };
  await x.request(app, 'POST', `/v1/queries/${id}/replies`, 'iom', {
    answers: [
      { ref: 'grants', text: { fr: 'Oui, depuis 2004.', en: 'Yes, since 2004.' } },
      { ref: 'evaluation', text: { es: 'Una universidad <img src=x onerror=alert(1)>.' } },
    ],
    visibility: { level: 'public' },
  });
  const r2 = await x.request(app, 'POST', `/v1/queries/${id}/replies`, 'unhcr', {
    answers: [{ ref: 'grants', text: { en: 'Only for "returnees" & families.' } }],
    visibility: { level: 'public' },
  });
  const last = r2.json().seq as number;
  const fr = await x.request(
    app,
    'GET',
    `/v1/queries/${id}/compilation?lang=fr&minSeq=${last}`,
    'anonymous',
  );
  t.equal(fr.statusCode, 200, fr.body);
  t.match(fr.json(), {
    lang: 'fr',
    title: { lang: 'en' },
    questions: [
      {
        ref: 'grants',
        lang: 'fr',
        text: 'Avez-vous des aides ?',
        answers: [
          { participant: 'iom', lang: 'fr', text: 'Oui, depuis 2004.' },
          { participant: 'unhcr', lang: 'en', text: 'Only for "returnees" & families.' },
        ],
      },
      { ref: 'evaluation', lang: 'es', answers: [{ participant: 'iom', lang: 'es' }] },
    ],
  });
  const page = await x.request(
    app,
    'GET',
    `/v1/queries/${id}/compilation?lang=es`,
    'anonymous',
    undefined,
    {
      accept: 'text/html',
    },
  );
  t.equal(page.statusCode, 200);
  t.match(page.headers['content-type'], /text\/html/);
  t.match(page.headers['content-security-policy'], "default-src 'none'");
  t.notMatch(page.body, '<script>', 'no markup from a title');
  t.notMatch(page.body, '<img', 'no markup from an answer');
  t.match(page.body, 'Screening &#60;script&#62;alert(&#34;t&#34;)&#60;/script&#62;');
  t.match(page.body, 'Una universidad &#60;img src=x onerror=alert(1)&#62;.');
  t.match(page.body, 'Only for &#34;returnees&#34; &#38; families.');
  t.match(
    page.body,
    '<h2 lang="en">grants. Do you run reintegration grants?</h2>',
    'no Spanish: the first language present, marked',
  );
  t.match(page.body, '<h2>evaluation. ¿Quién evalúa los programas?</h2>');
  const detailPage = await x.request(app, 'GET', `/v1/queries/${id}`, 'anonymous', undefined, {
    accept: 'text/html',
  });
  t.match(detailPage.body, 'Compilation of replies', "a query's readable page is its compilation");
});
