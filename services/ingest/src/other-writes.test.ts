import t from 'tap';
import { ADMIN_TOKEN, auth, json, setup } from './test-setup.ts';

const h = await setup(t);
const midsa = await h.mint('midsa');
const iom = await h.mint('iom');

const meeting = {
  meeting: {
    title: { en: 'MIDSA Ministerial Conference', fr: 'Conférence ministérielle du MIDSA' },
    level: 'ministerial',
    startsOn: '2024-09-10',
    hostCountry: 'ZA',
  },
  outcomes: [
    { kind: 'declaration', text: { en: 'The ministers adopt the labour migration action plan.' } },
    { kind: 'action-plan', text: 'Harmonise data collection by 2026.' },
  ],
  themes: ['labour-migration', 'data-statistics'],
  visibility: { level: 'rcps', rcps: ['colombo-process'] },
};

const publication = {
  title: { en: 'Handbook on ethical recruitment' },
  kind: 'guidelines',
  url: 'https://publications.iom.int/books/handbook-ethical-recruitment',
  languages: ['en', 'fr'],
  themes: ['labour-migration'],
};

t.test('POST /v1/meetings → 201 and org.rcpx.meeting.outcome.recorded', async (t) => {
  const res = await h.app.inject({
    method: 'POST',
    url: '/v1/meetings',
    headers: auth(midsa),
    payload: meeting,
  });
  t.equal(res.statusCode, 201);
  const body = json<{ id: string; version: number; seq: number }>(res);
  t.equal(body.version, 1);
  t.equal(res.headers.location, `/v1/meetings/${body.id}`);
  const stored = await h.readBySeq(body.seq);
  t.equal(stored!.subject, `${h.bus.prefix}.events.meeting.${body.id}`);
  t.match(stored!.event, {
    specversion: '1.0',
    type: 'org.rcpx.meeting.outcome.recorded',
    source: '/participants/midsa',
    subject: `meetings/${body.id}`,
    rcpxversion: 1,
    datacontenttype: 'application/json',
  });
  // every outcome gets a stable ref: r1, r2, … when the client sends none
  t.same(stored!.event.data, {
    ...meeting,
    outcomes: meeting.outcomes.map((o, i) => ({ ref: `r${i + 1}`, ...o })),
  });
});

t.test('POST /v1/publications → 201 and org.rcpx.publication.released', async (t) => {
  const res = await h.app.inject({
    method: 'POST',
    url: '/v1/publications',
    headers: auth(iom),
    payload: publication,
  });
  t.equal(res.statusCode, 201);
  const body = json<{ id: string; version: number; seq: number }>(res);
  t.equal(res.headers.location, `/v1/publications/${body.id}`);
  const stored = await h.readBySeq(body.seq);
  t.equal(stored!.subject, `${h.bus.prefix}.events.publication.${body.id}`);
  t.match(stored!.event, {
    type: 'org.rcpx.publication.released',
    source: '/participants/iom',
    subject: `publications/${body.id}`,
    rcpxversion: 1,
  });
  t.same(stored!.event.data, { ...publication, visibility: { level: 'public' } });
});

t.test('meeting and publication validation → 400, nothing appended', async (t) => {
  const cases: [string, string, Record<string, unknown>, string][] = [
    [
      '/v1/meetings',
      'bad level',
      { ...meeting, meeting: { ...meeting.meeting, level: 'x' } },
      'body.meeting.level',
    ],
    ['/v1/meetings', 'no outcomes', { ...meeting, outcomes: [] }, 'body.outcomes'],
    ['/v1/publications', 'bad url', { ...publication, url: 'ftp://example.org/x' }, 'body.url'],
    ['/v1/publications', 'bad kind', { ...publication, kind: 'novel' }, 'body.kind'],
  ];
  for (const [url, name, payload, path] of cases) {
    await h.appendsNothing(t, async () => {
      const res = await h.app.inject({ method: 'POST', url, headers: auth(iom), payload });
      t.equal(res.statusCode, 400, name);
      const p = json<{ errors: { path: string }[] }>(res);
      t.ok(
        p.errors.some((e) => e.path === path),
        `${name}: ${path} in ${JSON.stringify(p.errors)}`,
      );
    });
  }
  await h.appendsNothing(t, async () => {
    const res = await h.app.inject({ method: 'POST', url: '/v1/meetings', payload: meeting });
    t.equal(res.statusCode, 401);
  });
});

t.test('admin tokens: mint, use, revoke', async (t) => {
  const admin = auth(ADMIN_TOKEN);
  const res = await h.app.inject({
    method: 'POST',
    url: '/v1/admin/tokens',
    headers: admin,
    payload: { participant: 'unhcr', role: 'publisher', label: 'tests' },
  });
  t.equal(res.statusCode, 201);
  const created = json<{ id: string; token: string; participant: string; role: string }>(res);
  t.match(created, {
    id: /^[0-9a-f-]{36}$/,
    token: /^rcpx_/,
    participant: 'unhcr',
    role: 'publisher',
  });

  const write = await h.app.inject({
    method: 'POST',
    url: '/v1/publications',
    headers: auth(created.token),
    payload: publication,
  });
  t.equal(write.statusCode, 201, 'the minted token publishes');
  const stored = await h.readBySeq(json<{ seq: number }>(write).seq);
  t.equal(stored!.event.source, '/participants/unhcr');

  const del = await h.app.inject({
    method: 'DELETE',
    url: `/v1/admin/tokens/${created.id}`,
    headers: admin,
  });
  t.equal(del.statusCode, 204);
  t.equal(del.body, '');
  const again = await h.app.inject({
    method: 'DELETE',
    url: `/v1/admin/tokens/${created.id}`,
    headers: admin,
  });
  t.equal(again.statusCode, 404, 'already revoked');
  const unknown = await h.app.inject({
    method: 'DELETE',
    url: '/v1/admin/tokens/9b7d3e2a-64a3-4c36-9d0b-3f1f2b8f0c11',
    headers: admin,
  });
  t.equal(unknown.statusCode, 404);
});

t.test('admin tokens: only the admin token; bad bodies → 400', async (t) => {
  const noToken = await h.app.inject({
    method: 'POST',
    url: '/v1/admin/tokens',
    payload: { participant: 'iom', role: 'reader' },
  });
  t.equal(noToken.statusCode, 401);
  const participant = await h.app.inject({
    method: 'POST',
    url: '/v1/admin/tokens',
    headers: auth(iom),
    payload: { participant: 'iom', role: 'publisher' },
  });
  t.equal(participant.statusCode, 403);
  const revoke = await h.app.inject({
    method: 'DELETE',
    url: '/v1/admin/tokens/9b7d3e2a-64a3-4c36-9d0b-3f1f2b8f0c11',
    headers: auth(iom),
  });
  t.equal(revoke.statusCode, 403);
  for (const payload of [
    { participant: 'nobody-here', role: 'publisher' },
    { participant: 'iom', role: 'owner' },
  ]) {
    const res = await h.app.inject({
      method: 'POST',
      url: '/v1/admin/tokens',
      headers: auth(ADMIN_TOKEN),
      payload,
    });
    t.equal(res.statusCode, 400, JSON.stringify(payload));
  }
  const adminWrites = await h.app.inject({
    method: 'POST',
    url: '/v1/publications',
    headers: auth(ADMIN_TOKEN),
    payload: publication,
  });
  t.equal(adminWrites.statusCode, 403, 'the admin token publishes for no participant');
});

t.test('OpenAPI documents the write routes', async (t) => {
  const res = await h.app.inject({ method: 'GET', url: '/docs/json' });
  t.equal(res.statusCode, 200);
  const doc = json<{
    paths: Record<string, Record<string, { tags?: string[]; summary?: string }>>;
  }>(res);
  for (const [path, method] of [
    ['/v1/practices', 'post'],
    ['/v1/practices/{id}', 'patch'],
    ['/v1/practices/{id}', 'delete'],
    ['/v1/meetings', 'post'],
    ['/v1/meetings/{id}', 'patch'],
    ['/v1/meetings/{id}', 'delete'],
    ['/v1/publications', 'post'],
    ['/v1/publications/{id}', 'patch'],
    ['/v1/publications/{id}', 'delete'],
    ['/v1/admin/tokens', 'post'],
    ['/v1/admin/tokens/{id}', 'delete'],
  ] as const) {
    const op = doc.paths[path]?.[method];
    t.ok(op?.summary, `${method.toUpperCase()} ${path} has a summary`);
    t.ok(op?.tags?.length, `${method.toUpperCase()} ${path} has tags`);
  }
});

t.test('readiness reports postgres and nats', async (t) => {
  const res = await h.app.inject({ method: 'GET', url: '/readyz' });
  t.equal(res.statusCode, 200);
  t.match(json(res), { checks: { postgres: 'ok', nats: 'ok' } });
});
