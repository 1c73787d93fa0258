import t from 'tap';
import { auth, json, practice, setup } from './test-setup.ts';

const h = await setup(t);
const bali = await h.mint('bali-process');
const colombo = await h.mint('colombo-process');
const balReader = await h.mint('bali-process', 'reader');

interface Written {
  id: string;
  version: number;
  seq: number;
}

async function share(token: string, body: Record<string, unknown> = practice()): Promise<Written> {
  const res = await h.app.inject({
    method: 'POST',
    url: '/v1/practices',
    headers: auth(token),
    payload: body,
  });
  if (res.statusCode !== 201) throw new Error(`share: ${res.statusCode} ${res.body}`);
  return json<Written>(res);
}

const appendsNothing = h.appendsNothing;

t.test('POST /v1/practices → 201, Location, and the event in the log', async (t) => {
  const res = await h.app.inject({
    method: 'POST',
    url: '/v1/practices',
    headers: auth(bali),
    payload: practice(),
  });
  t.equal(res.statusCode, 201);
  const body = json<Written>(res);
  t.match(body, { id: /^[0-9a-f-]{36}$/, version: 1 });
  t.equal(res.headers.location, `/v1/practices/${body.id}`);
  t.equal(res.headers.etag, '"1"');
  t.equal(body.seq, await h.lastSeq());

  const stored = await h.readBySeq(body.seq);
  t.ok(stored);
  t.equal(stored!.subject, `${h.bus.prefix}.events.practice.${body.id}`);
  t.match(stored!.event, {
    specversion: '1.0',
    id: /^[0-9a-f-]{36}$/,
    source: '/participants/bali-process',
    type: 'org.rcpx.practice.shared',
    subject: `practices/${body.id}`,
    datacontenttype: 'application/json',
    rcpxversion: 1,
    rcpxseq: body.seq,
  });
  t.ok(!Number.isNaN(Date.parse(stored!.event.time)));
  t.same(stored!.event.data, { ...practice(), visibility: { level: 'public' } });
});

t.test('validation → 400 with errors[], nothing appended', async (t) => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['bad theme', practice({ themes: ['not-a-theme'] }), 'body.themes.0'],
    [
      'unknown participant in visibility.rcps',
      practice({ visibility: { level: 'rcps', rcps: ['nobody-here'] } }),
      'body.visibility.rcps.0',
    ],
    ['missing title', { themes: ['trafficking'] }, 'body.title'],
    ['bad country', practice({ countries: ['lk'] }), 'body.countries.0'],
    ['unknown field', practice({ owner: 'iom' }), 'body'],
  ];
  for (const [name, payload, path] of cases) {
    await appendsNothing(t, async () => {
      const res = await h.app.inject({
        method: 'POST',
        url: '/v1/practices',
        headers: auth(bali),
        payload,
      });
      t.equal(res.statusCode, 400, name);
      t.match(res.headers['content-type'], /^application\/problem\+json/);
      const p = json<{ status: number; errors: { path: string; message: string }[] }>(res);
      t.equal(p.status, 400);
      t.ok(
        p.errors.some((e) => e.path === path),
        `${name}: errors name ${path} (${JSON.stringify(p.errors)})`,
      );
    });
  }
});

t.test('malformed JSON → 400; 300 KiB body → 413', async (t) => {
  await appendsNothing(t, async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/v1/practices',
      headers: auth(bali, { 'content-type': 'application/json' }),
      payload: '{"title": {"en": "x"',
    });
    t.equal(res.statusCode, 400);
    t.match(res.headers['content-type'], /^application\/problem\+json/);
  });
  await appendsNothing(t, async () => {
    const big = practice({ body: { en: 'x'.repeat(300 * 1024) } });
    const res = await h.app.inject({
      method: 'POST',
      url: '/v1/practices',
      headers: auth(bali),
      payload: big,
    });
    t.equal(res.statusCode, 413);
    t.match(res.headers['content-type'], /^application\/problem\+json/);
  });
});

t.test('auth: no token / bad token → 401, reader token → 403', async (t) => {
  await appendsNothing(t, async () => {
    const res = await h.app.inject({ method: 'POST', url: '/v1/practices', payload: practice() });
    t.equal(res.statusCode, 401);
  });
  await appendsNothing(t, async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/v1/practices',
      headers: auth('rcpx_not-a-real-token'),
      payload: practice(),
    });
    t.equal(res.statusCode, 401);
    t.match(res.headers['www-authenticate'], /^Bearer/);
  });
  await appendsNothing(t, async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/v1/practices',
      headers: auth(balReader),
      payload: practice(),
    });
    t.equal(res.statusCode, 403);
  });
  const { id } = await share(bali);
  await appendsNothing(t, async () => {
    const res = await h.app.inject({
      method: 'PATCH',
      url: `/v1/practices/${id}`,
      headers: auth(balReader, { 'if-match': '"1"' }),
      payload: { themes: ['health'] },
    });
    t.equal(res.statusCode, 403);
  });
  await appendsNothing(t, async () => {
    const res = await h.app.inject({
      method: 'PATCH',
      url: `/v1/practices/${id}`,
      headers: { 'if-match': '"1"' },
      payload: { themes: ['health'] },
    });
    t.equal(res.statusCode, 401);
  });
});

t.test('PATCH: revises with the full new state and `changed`', async (t) => {
  const first = await share(bali);
  for (const ifMatch of ['"1"', 'W/"2"', '3']) {
    const version = Number(/\d+/.exec(ifMatch)![0]);
    const res = await h.app.inject({
      method: 'PATCH',
      url: `/v1/practices/${first.id}`,
      headers: auth(bali, { 'if-match': ifMatch }),
      payload: { themes: ['labour-migration', `${version % 2 ? 'health' : 'gender'}`] },
    });
    t.equal(res.statusCode, 200, `If-Match ${ifMatch}`);
    const body = json<Written>(res);
    t.same(body, { id: first.id, version: version + 1, seq: body.seq });
    t.equal(res.headers.etag, `"${version + 1}"`);
    t.notOk(res.headers.location);
  }
  const res = await h.app.inject({
    method: 'PATCH',
    url: `/v1/practices/${first.id}`,
    headers: auth(bali, { 'if-match': '"4"' }),
    payload: { title: { en: 'Fair recruitment' }, summary: practice().summary },
  });
  t.equal(res.statusCode, 200);
  const body = json<Written>(res);
  const stored = await h.readBySeq(body.seq);
  t.match(stored!.event, {
    type: 'org.rcpx.practice.revised',
    source: '/participants/bali-process',
    subject: `practices/${first.id}`,
    rcpxversion: 5,
  });
  t.same(stored!.event.data, {
    ...practice(),
    themes: ['labour-migration', 'health'],
    title: { en: 'Fair recruitment' },
    visibility: { level: 'public' },
    changed: ['title'],
  });
});

t.test('PATCH: the merged practice is validated; a no-op patch is recorded', async (t) => {
  const { id } = await share(bali);
  await appendsNothing(t, async () => {
    const res = await h.app.inject({
      method: 'PATCH',
      url: `/v1/practices/${id}`,
      headers: auth(bali, { 'if-match': '"1"' }),
      payload: { themes: ['asylum', 'asylum'] },
    });
    t.equal(res.statusCode, 400);
  });
  await appendsNothing(t, async () => {
    const res = await h.app.inject({
      method: 'PATCH',
      url: `/v1/practices/${id}`,
      headers: auth(bali, { 'if-match': '"1"' }),
      payload: {},
    });
    t.equal(res.statusCode, 400, 'an empty patch');
  });
  await appendsNothing(t, async () => {
    const res = await h.app.inject({
      method: 'PATCH',
      url: `/v1/practices/${id}`,
      headers: auth(bali, { 'if-match': 'version-one' }),
      payload: { themes: ['asylum'] },
    });
    t.equal(res.statusCode, 400, 'a malformed If-Match');
  });
  const res = await h.app.inject({
    method: 'PATCH',
    url: `/v1/practices/${id}`,
    headers: auth(bali, { 'if-match': '"1"' }),
    payload: { themes: practice().themes },
  });
  t.equal(res.statusCode, 200);
  const stored = await h.readBySeq(json<Written>(res).seq);
  t.same(stored!.event.data.changed, []);
  t.equal(stored!.event.rcpxversion, 2);
});

t.test('PATCH preconditions: 428 without If-Match, 412 stale, 404 unknown', async (t) => {
  const { id } = await share(bali);
  await appendsNothing(t, async () => {
    const res = await h.app.inject({
      method: 'PATCH',
      url: `/v1/practices/${id}`,
      headers: auth(bali),
      payload: { themes: ['health'] },
    });
    t.equal(res.statusCode, 428);
  });
  await appendsNothing(t, async () => {
    const res = await h.app.inject({
      method: 'PATCH',
      url: `/v1/practices/${id}`,
      headers: auth(bali, { 'if-match': '"7"' }),
      payload: { themes: ['health'] },
    });
    t.equal(res.statusCode, 412);
    t.equal(res.headers.etag, '"1"');
  });
  await appendsNothing(t, async () => {
    const res = await h.app.inject({
      method: 'PATCH',
      url: `/v1/practices/9b7d3e2a-64a3-4c36-9d0b-3f1f2b8f0c11`,
      headers: auth(bali, { 'if-match': '"1"' }),
      payload: { themes: ['health'] },
    });
    t.equal(res.statusCode, 404);
  });
  await appendsNothing(t, async () => {
    const res = await h.app.inject({
      method: 'PATCH',
      url: `/v1/practices/not-a-uuid`,
      headers: auth(bali, { 'if-match': '"1"' }),
      payload: { themes: ['health'] },
    });
    t.equal(res.statusCode, 400);
  });
});

t.test("another participant's practice: 403 when visible, 404 when not", async (t) => {
  const pub = await share(bali);
  const members = await share(bali, practice({ visibility: { level: 'members' } }));
  const listed = await share(
    bali,
    practice({ visibility: { level: 'rcps', rcps: ['colombo-process'] } }),
  );
  for (const [name, id, status] of [
    ['public', pub.id, 403],
    ['members-only', members.id, 404],
    ['listed rcps', listed.id, 403],
  ] as const) {
    await appendsNothing(t, async () => {
      const patch = await h.app.inject({
        method: 'PATCH',
        url: `/v1/practices/${id}`,
        headers: auth(colombo, { 'if-match': '"1"' }),
        payload: { themes: ['health'] },
      });
      t.equal(patch.statusCode, status, `PATCH ${name}`);
      const del = await h.app.inject({
        method: 'DELETE',
        url: `/v1/practices/${id}`,
        headers: auth(colombo),
      });
      t.equal(del.statusCode, status, `DELETE ${name}`);
    });
  }
  const unknown = await h.app.inject({
    method: 'PATCH',
    url: `/v1/practices/9b7d3e2a-64a3-4c36-9d0b-3f1f2b8f0c11`,
    headers: auth(colombo, { 'if-match': '"1"' }),
    payload: { themes: ['health'] },
  });
  const hidden = await h.app.inject({
    method: 'PATCH',
    url: `/v1/practices/${members.id}`,
    headers: auth(colombo, { 'if-match': '"1"' }),
    payload: { themes: ['health'] },
  });
  t.same(
    { ...json(hidden), instance: undefined, detail: undefined },
    { ...json(unknown), instance: undefined, detail: undefined },
    'a hidden practice answers like a missing one',
  );
  t.notMatch(json<{ detail: string }>(hidden).detail, /bali/);
});

t.test('two concurrent PATCHes with the same If-Match: one 200, one 412', async (t) => {
  const { id, seq } = await share(bali);
  const patch = (theme: string) =>
    h.app.inject({
      method: 'PATCH',
      url: `/v1/practices/${id}`,
      headers: auth(bali, { 'if-match': '"1"' }),
      payload: { themes: [theme] },
    });
  const results = await Promise.all([patch('health'), patch('gender')]);
  t.same(results.map((r) => r.statusCode).sort(), [200, 412]);
  t.equal(await h.lastSeq(), seq + 1, 'exactly one event appended');
  const revised = await h.readBySeq(seq + 1);
  t.equal(revised!.event.type, 'org.rcpx.practice.revised');
  t.equal(revised!.event.subject, `practices/${id}`);
});

t.test('DELETE withdraws; PATCH or DELETE after → 409', async (t) => {
  const { id } = await share(bali, practice({ visibility: { level: 'members' } }));
  await appendsNothing(t, async () => {
    const res = await h.app.inject({
      method: 'DELETE',
      url: `/v1/practices/${id}`,
      headers: auth(bali, { 'if-match': '"5"' }),
    });
    t.equal(res.statusCode, 412, 'If-Match is honoured');
  });
  const res = await h.app.inject({
    method: 'DELETE',
    url: `/v1/practices/${id}`,
    headers: auth(bali, { 'if-match': '"1"' }),
    payload: { reason: 'Superseded by the 2024 guidelines' },
  });
  t.equal(res.statusCode, 200);
  const body = json<Written>(res);
  t.same(body, { id, version: 2, seq: body.seq });
  const stored = await h.readBySeq(body.seq);
  t.match(stored!.event, {
    type: 'org.rcpx.practice.withdrawn',
    source: '/participants/bali-process',
    subject: `practices/${id}`,
    rcpxversion: 2,
  });
  t.same(stored!.event.data, {
    title: practice().title,
    themes: practice().themes,
    visibility: { level: 'members' },
    reason: 'Superseded by the 2024 guidelines',
  });
  await appendsNothing(t, async () => {
    const patch = await h.app.inject({
      method: 'PATCH',
      url: `/v1/practices/${id}`,
      headers: auth(bali, { 'if-match': '"2"' }),
      payload: { themes: ['health'] },
    });
    t.equal(patch.statusCode, 409);
    const again = await h.app.inject({
      method: 'DELETE',
      url: `/v1/practices/${id}`,
      headers: auth(bali),
    });
    t.equal(again.statusCode, 409);
  });
});

t.test('DELETE without a body, also with Content-Type: application/json', async (t) => {
  for (const headers of [auth(bali), auth(bali, { 'content-type': 'application/json' })]) {
    const { id } = await share(bali);
    const res = await h.app.inject({ method: 'DELETE', url: `/v1/practices/${id}`, headers });
    t.equal(res.statusCode, 200);
    const stored = await h.readBySeq(json<Written>(res).seq);
    t.same(stored!.event.data, {
      title: practice().title,
      themes: practice().themes,
      visibility: { level: 'public' },
    });
  }
});
