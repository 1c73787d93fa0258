import t from 'tap';
import { z } from 'zod';
import { createApp, createLogger } from './index.ts';

// Errors that teach: a body that is not JSON says what broke and where; a wrong media type
// names the one the API takes.

const PROBLEM_JSON = /^application\/problem\+json/;
const app = createApp({ logger: createLogger({ LOG_LEVEL: 'silent' }) });
app.post('/things', { schema: { body: z.object({ title: z.string() }) } }, async (req) => ({
  title: req.body.title,
}));
app.post('/things/:id/rotate', async () => ({ rotated: true }));
t.teardown(() => app.close());

const post = (payload: string, contentType = 'application/json') =>
  app.inject({ method: 'POST', url: '/things', headers: { 'content-type': contentType }, payload });

t.test('invalid JSON → 400 with what broke and its line, column and position', async (t) => {
  const cases: [string, RegExp, { line: number; column: number; position: number }][] = [
    [
      '{"title":',
      /a value was expected at line 1, column 10 \(position 9\)/,
      { line: 1, column: 10, position: 9 },
    ],
    [
      '{"title":}',
      /a value was expected at line 1, column 10/,
      { line: 1, column: 10, position: 9 },
    ],
    [
      '{\n  "title": "x",\n}',
      /property name .* at line 3, column 1 \(position 18\)/,
      { line: 3, column: 1, position: 18 },
    ],
    [
      '{"title" "x"}',
      /':' was expected at line 1, column 10/,
      { line: 1, column: 10, position: 9 },
    ],
    [
      '{"title": "x"} trailing',
      /unexpected character at line 1, column 16/,
      { line: 1, column: 16, position: 15 },
    ],
  ];
  for (const [payload, detail, where] of cases) {
    const res = await post(payload);
    t.equal(res.statusCode, 400, payload);
    t.match(res.headers['content-type'], PROBLEM_JSON);
    const body = res.json();
    t.match(body, { title: 'Bad Request', status: 400, ...where });
    t.match(body.detail, /^The body is not valid JSON: /);
    t.match(body.detail, detail);
    t.match(body.errors, [{ path: 'body', message: /^not valid JSON: / }]);
  }
  const proto = await post('{"title":"x","__proto__":{"admin":true}}');
  t.equal(proto.statusCode, 400);
  t.match(proto.json().detail, /__proto__/);
  const ok = await post('{"title":"x"}');
  t.equal(ok.statusCode, 200);
});

t.test('a body of another media type → 415 naming application/json', async (t) => {
  for (const type of ['text/plain', 'application/xml', 'application/x-www-form-urlencoded']) {
    const res = await post('title=x', type);
    t.equal(res.statusCode, 415, type);
    t.match(res.headers['content-type'], PROBLEM_JSON);
    t.match(res.json(), { title: 'Unsupported Media Type', status: 415 });
    t.match(res.json().detail, /Content-Type: application\/json/);
    t.match(res.json().detail, type);
  }
});

t.test(
  'an empty JSON body is no body: fine for a bodiless action, 400 where one is needed',
  async (t) => {
    const action = await app.inject({
      method: 'POST',
      url: '/things/1/rotate',
      headers: { 'content-type': 'application/json' },
    });
    t.equal(action.statusCode, 200);
    t.same(action.json(), { rotated: true });
    const needed = await post('');
    t.equal(needed.statusCode, 400);
    t.match(needed.headers['content-type'], PROBLEM_JSON);
    t.match(needed.json(), { errors: [{ path: 'body' }] });
  },
);
