import { test } from 'tap';
import { encodeCursor } from './cursor.ts';
import { startQueryApp } from './test-app.ts';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64url');

test('bad input → 400 problem+json with errors[]; OpenAPI documents the reads', async (t) => {
  const q = await startQueryApp(t);

  const BAD: [string, string][] = [
    ['limit=0', 'query.limit'],
    ['limit=201', 'query.limit'],
    ['limit=ten', 'query.limit'],
    ['limit=2.5', 'query.limit'],
    ['theme=nope', 'query.theme'],
    ['theme=Trafficking', 'query.theme'],
    ['participant=NOPE', 'query.participant'],
    ['participant=frontex', 'query.participant'],
    ['country=lk', 'query.country'],
    ['country=LKA', 'query.country'],
    [`q=${'x'.repeat(501)}`, 'query.q'],
    ['q=%00', 'query.q'],
    ['q=caf%C3%A9%00', 'query.q'],
    ['minSeq=-1', 'query.minSeq'],
    ['minSeq=soon', 'query.minSeq'],
    ['cursor=garbage!', 'query.cursor'],
    ['cursor=garbage', 'query.cursor'],
    [`cursor=${b64('[14]')}`, 'query.cursor'],
    [`cursor=${b64('{"s":-1}')}`, 'query.cursor'],
    [`cursor=${b64('{"s":"14"}')}`, 'query.cursor'],
    [`cursor=${'A'.repeat(501)}`, 'query.cursor'],
  ];
  for (const path of ['/v1/practices', '/v1/meetings', '/v1/publications', '/v1/activity']) {
    for (const [qs, where] of BAD) {
      const res = await q.get(`${path}?${qs}`);
      t.equal(res.status, 400, `${path}?${qs.slice(0, 40)}`);
      t.match(res.headers['content-type'], /^application\/problem\+json/);
      t.match(res.body, { status: 400, title: 'Bad Request', detail: String });
      t.ok(
        res.body.errors?.some((e: { path: string; message: string }) => e.path === where),
        `errors[] names ${where}`,
      );
    }
  }

  t.test('per-route values', async (t) => {
    const cases: [string, string][] = [
      ['/v1/practices?status=deleted', 'query.status'],
      [`/v1/practices?cursor=${encodeCursor({ seq: 3 })}`, 'query.cursor'], // an activity cursor
      ['/v1/activity?type=practice.shared', 'query.type'],
      ['/v1/activity?type=org.rcpx.Practice', 'query.type'],
      ['/v1/themes?minSeq=x', 'query.minSeq'],
      ['/v1/participants?minSeq=x', 'query.minSeq'],
      ['/v1/practices/123/versions', 'params.id'],
      ['/v1/meetings/not-an-id', 'params.id'],
    ];
    for (const [url, where] of cases) {
      const res = await q.get(url);
      t.equal(res.status, 400, url);
      t.equal(res.body.errors?.[0]?.path, where, url);
    }
  });

  t.test('a good request on an empty exchange', async (t) => {
    const res = await q.get(
      `/v1/practices?limit=200&cursor=${encodeCursor({ seq: 9, id: '6d1f9c2e-4b7a-4e3d-9a5c-000000000001' })}`,
    );
    t.equal(res.status, 200);
    t.same(res.body, { items: [], nextCursor: null });
    t.equal(res.headers['rcpx-seq'], '0', 'no checkpoint yet');
    t.same((await q.get('/v1/activity')).body, { items: [], nextCursor: null });
  });

  t.test('an unknown token is 401, not anonymous', async (t) => {
    const res = await q.get('/v1/practices', 'anonymous', { authorization: 'Bearer rcpx_nope' });
    t.equal(res.status, 401);
    t.match(res.headers['www-authenticate'], /Bearer/);
  });

  t.test('OpenAPI lists the read routes with their parameters', async (t) => {
    const res = await q.get('/docs/json');
    t.equal(res.status, 200);
    const paths = res.body.paths as Record<string, { get?: { parameters?: { name: string }[] } }>;
    for (const p of [
      '/v1/practices',
      '/v1/practices/{id}',
      '/v1/practices/{id}/versions',
      '/v1/meetings',
      '/v1/meetings/{id}',
      '/v1/publications',
      '/v1/publications/{id}/versions',
      '/v1/activity',
      '/v1/themes',
      '/v1/themes/{slug}',
      '/v1/participants',
      '/v1/participants/{slug}',
      '/v1/search',
    ]) {
      t.ok(paths[p]?.get, `GET ${p}`);
    }
    const names = paths['/v1/practices']!.get!.parameters!.map((x) => x.name).sort();
    t.same(names, [
      'access_token',
      'countries',
      'country',
      'cursor',
      'limit',
      'memberState',
      'memberStates',
      'minSeq',
      'participant',
      'participants',
      'q',
      'status',
      'theme',
      'themes',
      'type',
      'types',
    ]);
    const activity = paths['/v1/activity']!.get!.parameters!.map((x) => x.name);
    t.ok(activity.includes('type'));
  });
});
