import t, { type Test } from 'tap';
import { sql } from 'kysely';
import { z } from 'zod';
import { createApp, createLogger } from './index.ts';
import { createTestDb } from './test-db.ts';

// Every client string reaches Postgres somewhere: a NUL or a lone surrogate in any of them is a
// 400 problem before a handler runs, whatever the route and whatever its schema says.

const PROBLEM_JSON = /^application\/problem\+json/;

async function build(t: Test) {
  const tdb = await createTestDb();
  t.teardown(() => tdb.drop());
  const app = createApp({ logger: createLogger({ LOG_LEVEL: 'silent' }) });
  t.teardown(() => app.close());
  let calls = 0;
  // each route hands the client's string to Postgres, as the services do
  const echo = async (s: string) => {
    calls++;
    const r = await sql<{ v: string }>`select ${s}::text as v`.execute(tdb.db);
    return { v: r.rows[0]!.v };
  };
  app.get(
    '/search',
    { schema: { querystring: z.object({ q: z.string().max(500).optional() }) } },
    async (req) => echo(req.query.q ?? ''),
  );
  app.get('/things/:slug', async (req) => echo((req.params as { slug: string }).slug));
  app.post(
    '/things',
    {
      schema: {
        body: z.object({
          title: z.object({ en: z.string() }),
          tags: z.array(z.string()).optional(),
          extra: z.record(z.string(), z.unknown()).optional(),
        }),
      },
    },
    async (req) => echo(JSON.stringify(req.body)),
  );
  await app.ready();
  return { app, calls: () => calls };
}

t.test('NUL in a query string, a path or a body → 400 naming where, handler not run', async (t) => {
  const { app, calls } = await build(t);
  const q = await app.inject({ url: '/search?q=%00' });
  t.equal(q.statusCode, 400);
  t.match(q.headers['content-type'], PROBLEM_JSON);
  t.match(q.json(), {
    status: 400,
    title: 'Bad Request',
    detail: 'query.q: must not contain NUL (U+0000)',
    errors: [{ path: 'query.q', message: 'must not contain NUL (U+0000)' }],
  });
  const p = await app.inject({ url: '/things/a%00b' });
  t.equal(p.statusCode, 400);
  t.match(p.json(), { errors: [{ path: 'params.slug' }] });
  const b = await app.inject({
    method: 'POST',
    url: '/things',
    headers: { 'content-type': 'application/json' },
    payload: '{"title":{"en":"ok"},"tags":["fine","a\\u0000b"]}',
  });
  t.equal(b.statusCode, 400);
  t.match(b.json(), { errors: [{ path: 'body.tags.1', message: /NUL/ }] });
  t.equal(calls(), 0, 'no handler ran');

  const ok = await app.inject({ url: '/search?q=caf%C3%A9%20%F0%9F%98%80' });
  t.equal(ok.statusCode, 200, 'accents and astral characters (surrogate pairs) are fine');
  t.same(ok.json(), { v: 'café 😀' });
});

t.test('a lone UTF-16 surrogate anywhere in a body (also a key) → 400', async (t) => {
  const { app, calls } = await build(t);
  for (const [payload, path] of [
    ['{"title":{"en":"x\\ud800"}}', 'body.title.en'],
    ['{"title":{"en":"x\\udc00y"}}', 'body.title.en'],
    ['{"title":{"en":"ok"},"extra":{"deep":[{"k":"\\udbff"}]}}', 'body.extra.deep.0.k'],
    ['{"title":{"en":"ok"},"extra":{"\\ud800":1}}', 'body.extra.\ud800'],
  ] as const) {
    const res = await app.inject({
      method: 'POST',
      url: '/things',
      headers: { 'content-type': 'application/json' },
      payload,
    });
    t.equal(res.statusCode, 400, payload);
    t.match(res.headers['content-type'], PROBLEM_JSON);
    t.equal(res.json().errors[0].path, path);
    t.match(res.json().errors[0].message, /surrogate/);
  }
  t.equal(calls(), 0);
  const pair = await app.inject({
    method: 'POST',
    url: '/things',
    headers: { 'content-type': 'application/json' },
    payload: '{"title":{"en":"\\ud83d\\ude00"}}',
  });
  t.equal(pair.statusCode, 200, 'a surrogate pair is one character');
});

t.test('deeply nested bodies → 400, not a stack overflow', async (t) => {
  const { app } = await build(t);
  const depth = 50_000; // a JSON.stringify or a recursive walk would overflow the stack
  const res = await app.inject({
    method: 'POST',
    url: '/things',
    headers: { 'content-type': 'application/json' },
    payload: `{"title":{"en":"x"},"extra":{"a":${'['.repeat(depth)}${']'.repeat(depth)}}}`,
  });
  t.equal(res.statusCode, 400);
  t.match(res.headers['content-type'], PROBLEM_JSON);
  t.match(res.json().errors[0], { path: /^body\.extra\.a\.0\.0/, message: /nest more than 64/ });
});
