import { Writable } from 'node:stream';
import t from 'tap';
import { z } from 'zod';
import { createDb } from '@rcpx/db';
import { ProblemError, createApp, createLogger, problem } from './index.ts';

function captureLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(chunk.toString());
      cb();
    },
  });
  return { logger: createLogger({ LOG_LEVEL: 'info' }, stream), lines };
}

async function build(bodyLimit?: number) {
  const { logger, lines } = captureLogger();
  const app = createApp({ logger, ...(bodyLimit ? { bodyLimit } : {}) });
  app.post(
    '/things',
    {
      schema: {
        body: z.object({ themes: z.array(z.string()).min(1), n: z.number().int() }),
        response: { 201: z.object({ ok: z.boolean() }) },
      },
    },
    async (_req, reply) => reply.code(201).send({ ok: true }),
  );
  app.get(
    '/things',
    { schema: { querystring: z.object({ limit: z.coerce.number().int().max(200).optional() }) } },
    async (req) => ({ limit: req.query.limit ?? null }),
  );
  app.get('/problem', async () => {
    throw new ProblemError(409, 'Conflict', 'already withdrawn', {
      headers: { etag: '"3"' },
      extensions: { version: 3 },
    });
  });
  app.get('/precondition', async () => {
    throw problem.preconditionRequired('If-Match is required.');
  });
  app.get('/bus-down', async () => {
    const err = new Error('no responders');
    err.name = 'BusUnavailableError';
    throw err;
  });
  app.get('/pg-down', async () => {
    const db = createDb('postgres://postgres@127.0.0.1:1/none', { max: 1 });
    try {
      await db.selectFrom('tokens').selectAll().execute();
    } finally {
      await db.destroy();
    }
  });
  app.get('/boom', async () => {
    throw new Error('secret internals at /srv/x.ts:42');
  });
  app.get('/echo', async () => ({ ok: true }));
  t.teardown(() => app.close());
  await app.ready();
  return { app, lines };
}

const PROBLEM_JSON = /^application\/problem\+json/;

t.test('validation errors → 400 with errors[{path, message}]', async (t) => {
  const { app } = await build();
  const res = await app.inject({ method: 'POST', url: '/things?x=1', payload: { themes: [1] } });
  t.equal(res.statusCode, 400);
  t.match(res.headers['content-type'], PROBLEM_JSON);
  const body = res.json();
  t.match(body, { type: 'about:blank', title: 'Bad Request', status: 400, instance: '/things' });
  t.type(body.detail, 'string');
  const paths = body.errors.map((e: { path: string }) => e.path).sort();
  t.same(paths, ['body.n', 'body.themes.0']);
  for (const e of body.errors) t.type(e.message, 'string');

  const q = await app.inject({ method: 'GET', url: '/things?limit=1000' });
  t.equal(q.statusCode, 400);
  t.equal(q.json().errors[0].path, 'query.limit');
  t.match(q.json().detail, /^query\.limit: /);

  const ok = await app.inject({ method: 'POST', url: '/things', payload: { themes: ['a'], n: 1 } });
  t.equal(ok.statusCode, 201);
  t.same(ok.json(), { ok: true });
});

t.test('malformed and empty JSON → 400', async (t) => {
  const { app } = await build();
  const res = await app.inject({
    method: 'POST',
    url: '/things',
    headers: { 'content-type': 'application/json' },
    payload: '{"themes": [',
  });
  t.equal(res.statusCode, 400);
  t.match(res.headers['content-type'], PROBLEM_JSON);
  t.match(res.json(), { status: 400, title: 'Bad Request' });
  const empty = await app.inject({
    method: 'POST',
    url: '/things',
    headers: { 'content-type': 'application/json' },
    payload: '',
  });
  t.equal(empty.statusCode, 400);
  t.match(empty.json(), { status: 400 });
});

t.test('too large → 413; unsupported media type → 415', async (t) => {
  const { app } = await build();
  const big = JSON.stringify({ themes: ['x'.repeat(300 * 1024)], n: 1 });
  const res = await app.inject({
    method: 'POST',
    url: '/things',
    headers: { 'content-type': 'application/json' },
    payload: big,
  });
  t.equal(res.statusCode, 413);
  t.match(res.headers['content-type'], PROBLEM_JSON);
  t.match(res.json(), { status: 413, title: 'Content Too Large' });

  const small = await build(100);
  const res2 = await small.app.inject({
    method: 'POST',
    url: '/things',
    payload: { themes: ['x'.repeat(200)], n: 1 },
  });
  t.equal(res2.statusCode, 413);

  const xml = await app.inject({
    method: 'POST',
    url: '/things',
    headers: { 'content-type': 'application/xml' },
    payload: '<x/>',
  });
  t.equal(xml.statusCode, 415);
  t.match(xml.json(), { status: 415, title: 'Unsupported Media Type' });
});

t.test('ProblemError → its status, headers and extensions', async (t) => {
  const { app } = await build();
  const res = await app.inject({ method: 'GET', url: '/problem?a=b' });
  t.equal(res.statusCode, 409);
  t.equal(res.headers.etag, '"3"');
  t.match(res.headers['content-type'], PROBLEM_JSON);
  t.same(res.json(), {
    version: 3,
    type: 'about:blank',
    title: 'Conflict',
    status: 409,
    detail: 'already withdrawn',
    instance: '/problem',
  });
  const pre = await app.inject({ method: 'GET', url: '/precondition' });
  t.equal(pre.statusCode, 428);
  t.equal(pre.json().title, 'Precondition Required');
});

t.test('unknown route → 404 problem; instance has no query string', async (t) => {
  const { app } = await build();
  const res = await app.inject({ method: 'GET', url: '/nope/here?access_token=abc' });
  t.equal(res.statusCode, 404);
  t.match(res.headers['content-type'], PROBLEM_JSON);
  t.match(res.json(), { status: 404, title: 'Not Found', instance: '/nope/here' });
  t.notMatch(res.body, /abc/);
});

t.test('dependency down → 503 with Retry-After', async (t) => {
  const { app } = await build();
  const bus = await app.inject({ method: 'GET', url: '/bus-down' });
  t.equal(bus.statusCode, 503);
  t.equal(bus.headers['retry-after'], '2');
  t.match(bus.headers['content-type'], PROBLEM_JSON);
  t.match(bus.json(), { status: 503, title: 'Service Unavailable' });
  t.notMatch(bus.body, /no responders/);

  const pg = await app.inject({ method: 'GET', url: '/pg-down' });
  t.equal(pg.statusCode, 503);
  t.equal(pg.headers['retry-after'], '2');
});

t.test('unexpected errors → 500 without internals, logged', async (t) => {
  const { app, lines } = await build();
  const res = await app.inject({ method: 'GET', url: '/boom' });
  t.equal(res.statusCode, 500);
  t.match(res.headers['content-type'], PROBLEM_JSON);
  t.match(res.json(), { status: 500, title: 'Internal Server Error' });
  t.notMatch(res.body, /secret internals/);
  t.ok(lines.some((l) => l.includes('secret internals') && l.includes('"level":50')));
});

t.test('bearer tokens never reach the logs', async (t) => {
  const { app, lines } = await build();
  const res = await app.inject({
    method: 'GET',
    url: '/echo?access_token=query-secret-1&x=1',
    headers: { authorization: 'Bearer header-secret-2' },
  });
  t.equal(res.statusCode, 200);
  await app.inject({ method: 'GET', url: '/nope?access%5Ftoken=query-secret-3' });
  const all = lines.join('');
  t.match(all, /\/echo\?access_token=\[REDACTED\]&x=1/);
  t.notMatch(all, /query-secret-1/);
  t.notMatch(all, /header-secret-2/);
  t.notMatch(all, /query-secret-3/);
});

t.test(
  'a page route answers a browser with an HTML problem page, API clients with JSON',
  async (t) => {
    const app = createApp({ logger: createLogger({ LOG_LEVEL: 'silent' }) });
    t.teardown(() => app.close());
    const refuse = () => {
      throw problem.unauthorized('The token <b>"x"</b> is unknown or revoked.', true);
    };
    app.get('/page', { config: { page: true } }, refuse);
    app.get('/api', refuse);
    const browser = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

    const page = await app.inject({ url: '/page', headers: { accept: browser } });
    t.equal(page.statusCode, 401);
    t.equal(page.headers['content-type'], 'text/html; charset=utf-8');
    t.match(page.headers['www-authenticate'], /^Bearer/, 'the problem headers stay');
    t.match(page.headers['content-security-policy'], /default-src 'none'/);
    t.match(page.body, /<title>401 Unauthorized · rcpx<\/title>/);
    t.match(page.body, /The token &#60;b&#62;&#34;x&#34;&#60;\/b&#62; is unknown or revoked\./);
    t.notMatch(page.body, /<b>/, 'the detail is escaped');

    const json = await app.inject({ url: '/page', headers: { accept: 'application/json' } });
    t.equal(json.statusCode, 401);
    t.match(json.headers['content-type'], PROBLEM_JSON);
    const api = await app.inject({ url: '/api', headers: { accept: browser } });
    t.match(api.headers['content-type'], PROBLEM_JSON, 'other routes answer JSON to anyone');
  },
);
