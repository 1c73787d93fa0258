import t from 'tap';
import { ADMIN_TOKEN, auth, json, practice, setup } from './test-setup.ts';

// What an attacker sends to the write path: every answer is a 4xx problem+json and nothing is
// appended. Strings the read models could not hold (NUL, lone surrogates) are refused up front:
// an accepted write must be projectable.

const h = await setup(t);
const bali = await h.mint('bali-process');
const PROBLEM_JSON = /^application\/problem\+json/;

const post = (url: string, payload: string, headers: Record<string, string> = {}) =>
  h.app.inject({
    method: 'POST',
    url,
    headers: auth(bali, { 'content-type': 'application/json', ...headers }),
    payload,
  });

t.test('a lone surrogate or a NUL in any text field → 400, nothing appended', async (t) => {
  const cases: [string, string, string][] = [
    ['/v1/practices', '{"title":{"en":"Lone \\ud800"},"themes":["trafficking"]}', 'body.title.en'],
    [
      '/v1/practices',
      '{"title":{"en":"ok"},"summary":{"fr":"a\\u0000b"},"themes":["trafficking"]}',
      'body.summary.fr',
    ],
    [
      '/v1/practices',
      '{"title":{"en":"ok"},"themes":["trafficking"],"contact":{"name":"\\udfff"}}',
      'body.contact.name',
    ],
    [
      '/v1/meetings',
      JSON.stringify({
        meeting: { title: { en: 'M' }, level: 'ministerial', startsOn: '2026-01-01' },
        outcomes: [{ kind: 'declaration', text: 'x' }],
        themes: ['trafficking'],
      }).replace('"text":"x"', '"text":"x\\ud83d"'),
      'body.outcomes.0.text',
    ],
    [
      '/v1/publications',
      '{"title":{"es":"\\u0000"},"kind":"report","url":"https://example.org/r","themes":["trafficking"]}',
      'body.title.es',
    ],
  ];
  for (const [url, payload, path] of cases) {
    await h.appendsNothing(t, async () => {
      const res = await post(url, payload);
      t.equal(res.statusCode, 400, `${url} ${path}`);
      t.match(res.headers['content-type'], PROBLEM_JSON);
      t.match(json(res), { status: 400, errors: [{ path }] });
    });
  }
});

t.test('a revision with a lone surrogate → 400; the practice keeps its version', async (t) => {
  const created = await h.app.inject({
    method: 'POST',
    url: '/v1/practices',
    headers: auth(bali),
    payload: practice(),
  });
  t.equal(created.statusCode, 201);
  const { id } = json<{ id: string }>(created);
  await h.appendsNothing(t, async () => {
    const res = await h.app.inject({
      method: 'PATCH',
      url: `/v1/practices/${id}`,
      headers: auth(bali, { 'content-type': 'application/json', 'if-match': '"1"' }),
      payload: '{"title":{"en":"v2 \\ud800"}}',
    });
    t.equal(res.statusCode, 400);
    t.match(json(res), { errors: [{ path: 'body.title.en' }] });
  });
  const withdraw = await h.app.inject({
    method: 'DELETE',
    url: `/v1/practices/${id}`,
    headers: auth(bali, { 'content-type': 'application/json' }),
    payload: '{"reason":"\\u0000"}',
  });
  t.equal(withdraw.statusCode, 400);
});

t.test('a NUL in a token label → 400, not a 500 from Postgres', async (t) => {
  const res = await h.app.inject({
    method: 'POST',
    url: '/v1/admin/tokens',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    payload: '{"participant":"bali-process","role":"reader","label":"a\\u0000b"}',
  });
  t.equal(res.statusCode, 400);
  t.match(res.headers['content-type'], PROBLEM_JSON);
  t.match(json(res), { errors: [{ path: 'body.label', message: /NUL/ }] });
  const path = await h.app.inject({
    method: 'DELETE',
    url: '/v1/admin/tokens/%00',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  t.equal(path.statusCode, 400);
  t.match(path.headers['content-type'], PROBLEM_JSON);
});

t.test('an unknown theme names the nearest one and where the list is', async (t) => {
  await h.appendsNothing(t, async () => {
    const res = await post('/v1/practices', '{"title":{"en":"x"},"themes":["labor-migration"]}');
    t.equal(res.statusCode, 400);
    t.match(json(res), {
      detail:
        /^body\.themes\.0: unknown theme "labor-migration" \(did you mean "labour-migration"\? see \/v1\/themes\)$/,
      errors: [{ path: 'body.themes.0', message: /did you mean "labour-migration"/ }],
    });
  });
});
