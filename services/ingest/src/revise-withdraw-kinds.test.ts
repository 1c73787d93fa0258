import t from 'tap';
import { auth, json, setup } from './test-setup.ts';

// PATCH/DELETE of meetings and publications: the same rules as practices, and outcome refs.

const h = await setup(t);
const midsa = await h.mint('midsa');
const iom = await h.mint('iom');
const colombo = await h.mint('colombo-process');

const meeting = {
  meeting: { title: { en: 'MIDSA Ministerial' }, level: 'ministerial', startsOn: '2024-09-10' },
  outcomes: [
    { kind: 'declaration', text: 'Adopt the action plan.' },
    { ref: 'data', kind: 'recommendation', text: 'Harmonise data.', dueOn: '2025-06-30' },
  ],
  themes: ['labour-migration'],
};
const publication = {
  title: { en: 'Handbook on ethical recruitment' },
  kind: 'guidelines',
  url: 'https://publications.iom.int/handbook',
  themes: ['labour-migration'],
};

type Written = { id: string; version: number; seq: number };

async function create(token: string, url: string, payload: object): Promise<Written> {
  const res = await h.app.inject({ method: 'POST', url, headers: auth(token), payload });
  if (res.statusCode !== 201) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
  return json<Written>(res);
}

const KINDS = [
  ['meetings', midsa, meeting, { themes: ['labour-migration', 'human-rights'] }],
  ['publications', iom, publication, { url: 'https://publications.iom.int/handbook-2' }],
] as const;

for (const [resource, owner, body, patch] of KINDS) {
  const kind = resource.slice(0, -1);
  t.test(`${resource}: PATCH → 200 ${kind}.revised, 412 stale, 428 without If-Match`, async (t) => {
    const { id } = await create(owner, `/v1/${resource}`, body);
    const url = `/v1/${resource}/${id}`;
    await h.appendsNothing(t, async () => {
      const res = await h.app.inject({
        method: 'PATCH',
        url,
        headers: auth(owner),
        payload: patch,
      });
      t.equal(res.statusCode, 428);
    });
    const ok = await h.app.inject({
      method: 'PATCH',
      url,
      headers: auth(owner, { 'if-match': '"1"' }),
      payload: patch,
    });
    t.equal(ok.statusCode, 200);
    t.equal(ok.headers.etag, '"2"');
    const stored = await h.readBySeq(json<Written>(ok).seq);
    t.match(stored!.event, {
      type: `org.rcpx.${kind}.revised`,
      rcpxversion: 2,
      data: { ...patch, changed: Object.keys(patch) },
    });
    await h.appendsNothing(t, async () => {
      const stale = await h.app.inject({
        method: 'PATCH',
        url,
        headers: auth(owner, { 'if-match': '"1"' }),
        payload: patch,
      });
      t.equal(stale.statusCode, 412);
      t.equal(stale.headers.etag, '"2"');
    });
  });

  t.test(`${resource}: 403 for another participant, 404 when it may not read`, async (t) => {
    const visible = await create(owner, `/v1/${resource}`, body);
    const hidden = await create(owner, `/v1/${resource}`, {
      ...body,
      visibility: { level: 'members' },
    });
    for (const [id, status] of [
      [visible.id, 403],
      [hidden.id, 404],
    ] as const) {
      await h.appendsNothing(t, async () => {
        const p = await h.app.inject({
          method: 'PATCH',
          url: `/v1/${resource}/${id}`,
          headers: auth(colombo, { 'if-match': '"1"' }),
          payload: patch,
        });
        t.equal(p.statusCode, status);
        const d = await h.app.inject({
          method: 'DELETE',
          url: `/v1/${resource}/${id}`,
          headers: auth(colombo),
        });
        t.equal(d.statusCode, status);
      });
    }
  });

  t.test(`${resource}: DELETE → ${kind}.withdrawn, then 409; a retry replays`, async (t) => {
    const { id } = await create(owner, `/v1/${resource}`, body);
    const url = `/v1/${resource}/${id}`;
    const headers = auth(owner, { 'idempotency-key': `withdraw-${id}` });
    const del = await h.app.inject({ method: 'DELETE', url, headers, payload: { reason: 'Old.' } });
    t.equal(del.statusCode, 200);
    const stored = await h.readBySeq(json<Written>(del).seq);
    t.match(stored!.event, {
      type: `org.rcpx.${kind}.withdrawn`,
      data: { themes: body.themes, visibility: { level: 'public' }, reason: 'Old.' },
    });
    t.ok((stored!.event.data as { title?: unknown }).title, 'routable: carries a title');
    await h.appendsNothing(t, async () => {
      const retry = await h.app.inject({
        method: 'DELETE',
        url,
        headers,
        payload: { reason: 'Old.' },
      });
      t.equal(retry.statusCode, 200);
      t.equal(retry.headers['idempotent-replayed'], 'true');
      t.same(json(retry), json(del));
      const again = await h.app.inject({ method: 'DELETE', url, headers: auth(owner) });
      t.equal(again.statusCode, 409);
      const revise = await h.app.inject({
        method: 'PATCH',
        url,
        headers: auth(owner, { 'if-match': '"2"' }),
        payload: patch,
      });
      t.equal(revise.statusCode, 409);
    });
  });
}

t.test('a PATCH retried with its Idempotency-Key answers the first write', async (t) => {
  const { id } = await create(midsa, '/v1/meetings', meeting);
  const url = `/v1/meetings/${id}`;
  const headers = auth(midsa, { 'if-match': '"1"', 'idempotency-key': `revise-${id}` });
  const payload = { summary: { en: 'Revised once.' } };
  const first = await h.app.inject({ method: 'PATCH', url, headers, payload });
  t.equal(first.statusCode, 200);
  await h.appendsNothing(t, async () => {
    // the If-Match is stale now: the pre-check finds the key in the meeting's history
    const retry = await h.app.inject({ method: 'PATCH', url, headers, payload });
    t.equal(retry.statusCode, 200);
    t.equal(retry.headers['idempotent-replayed'], 'true');
    t.same(json(retry), json(first));
    const other = await h.app.inject({
      method: 'PATCH',
      url,
      headers,
      payload: { summary: { en: 'Another body.' } },
    });
    t.equal(other.statusCode, 422, 'the same key with another body');
  });
});

t.test('meetings: refs assigned, kept across revisions, duplicates → 400', async (t) => {
  const { id, seq } = await create(midsa, '/v1/meetings', meeting);
  t.match((await h.readBySeq(seq))!.event.data, {
    outcomes: [{ ref: 'r1' }, { ref: 'data', dueOn: '2025-06-30' }],
  });
  const url = `/v1/meetings/${id}`;
  await h.appendsNothing(t, async () => {
    const dup = await h.app.inject({
      method: 'PATCH',
      url,
      headers: auth(midsa, { 'if-match': '"1"' }),
      payload: {
        outcomes: [
          { ref: 'a', kind: 'declaration', text: 'x' },
          { ref: 'a', kind: 'declaration', text: 'y' },
        ],
      },
    });
    t.equal(dup.statusCode, 400);
    t.match(json(dup), { errors: [{ path: 'body.outcomes.1.ref' }] });
    const badRef = await h.app.inject({
      method: 'POST',
      url: '/v1/meetings',
      headers: auth(midsa),
      payload: { ...meeting, outcomes: [{ ref: 'Not A Ref', kind: 'declaration', text: 'x' }] },
    });
    t.equal(badRef.statusCode, 400);
    const unknownAddressee = await h.app.inject({
      method: 'POST',
      url: '/v1/meetings',
      headers: auth(midsa),
      payload: {
        ...meeting,
        outcomes: [{ kind: 'declaration', text: 'x', addressees: ['nobody-here'] }],
      },
    });
    t.equal(unknownAddressee.statusCode, 400);
  });
  const res = await h.app.inject({
    method: 'PATCH',
    url,
    headers: auth(midsa, { 'if-match': '"1"' }),
    payload: {
      outcomes: [
        { ref: 'data', kind: 'recommendation', text: 'Harmonise data.', addressees: ['iom'] },
        { kind: 'action-plan', text: 'A new plan.' },
      ],
    },
  });
  t.equal(res.statusCode, 200);
  t.match((await h.readBySeq(json<Written>(res).seq))!.event.data, {
    outcomes: [{ ref: 'data', addressees: ['iom'] }, { ref: 'r2' }],
    changed: ['outcomes'],
  });
});

t.test(
  'many concurrent PATCHes with the same If-Match on one meeting: one 200, rest 412',
  async (t) => {
    const { id } = await create(midsa, '/v1/meetings', meeting);
    const before = await h.lastSeq();
    const N = 12;
    const answers = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        h.app.inject({
          method: 'PATCH',
          url: `/v1/meetings/${id}`,
          headers: auth(midsa, { 'if-match': '"1"' }),
          payload: { summary: { en: `Writer ${i}` } },
        }),
      ),
    );
    const codes = answers.map((a) => a.statusCode).sort();
    t.same(codes, [200, ...Array<number>(N - 1).fill(412)]);
    t.equal(await h.lastSeq(), before + 1, 'exactly one event appended');
  },
);
