import t from 'tap';
import type { LightMyRequestResponse } from 'fastify';
import { auth, json, practice, setup } from './test-setup.ts';

const h = await setup(t);
const bali = await h.mint('bali-process');
const bali2 = await h.mint('bali-process');
const iom = await h.mint('iom');

interface Written {
  id: string;
  version: number;
  seq: number;
}

let n = 0;
const newKey = () => `key-${Date.now()}-${++n}`;

const post = (token: string, key: string | undefined, body = practice(), url = '/v1/practices') =>
  h.app.inject({
    method: 'POST',
    url,
    headers: auth(token, key === undefined ? {} : { 'idempotency-key': key }),
    payload: body,
  });

const patch = (id: string, ifMatch: string, key: string | undefined, body: object) =>
  h.app.inject({
    method: 'PATCH',
    url: `/v1/practices/${id}`,
    headers: auth(bali, {
      'if-match': ifMatch,
      ...(key === undefined ? {} : { 'idempotency-key': key }),
    }),
    payload: body,
  });

/** Status, body and Location of a write response. */
const answer = (res: LightMyRequestResponse) => ({
  status: res.statusCode,
  body: res.json() as unknown,
  location: res.headers.location,
});

t.test('POST retried with the same key → one event, the same response', async (t) => {
  const key = newKey();
  const first = await post(bali, key);
  t.equal(first.statusCode, 201);
  const seq = await h.lastSeq();
  const retry = await post(bali, key);
  t.same(answer(retry), answer(first));
  t.equal(retry.headers['idempotent-replayed'], 'true');
  t.notOk(first.headers['idempotent-replayed']);
  t.equal(await h.lastSeq(), seq, 'the retry appended nothing');
  const stored = await h.readBySeq(json<Written>(first).seq);
  t.equal(stored!.event.type, 'org.rcpx.practice.shared');

  // Same key, same body, another token of the same participant: still the same write.
  const otherToken = await post(bali2, key);
  t.same(answer(otherToken), answer(first));
  // Same key from another participant: a different write.
  const other = await post(iom, key);
  t.equal(other.statusCode, 201);
  t.not(json<Written>(other).id, json<Written>(first).id);
  t.equal(await h.lastSeq(), seq + 1);
});

t.test('the same key with another request → 422, nothing appended', async (t) => {
  const key = newKey();
  const first = await post(bali, key);
  t.equal(first.statusCode, 201);
  const { id } = json<Written>(first);
  await h.appendsNothing(t, async () => {
    const otherBody = await post(bali, key, practice({ themes: ['health'] }));
    t.equal(otherBody.statusCode, 422, 'another body');
    t.match(otherBody.headers['content-type'], /^application\/problem\+json/);
    const otherEndpoint = await post(bali, key, practice(), '/v1/publications');
    t.equal(otherEndpoint.statusCode, 400, 'a body invalid for the endpoint is still a 400');
    const meeting = await post(
      bali,
      key,
      {
        meeting: { title: { en: 'SOM' }, level: 'senior-officials', startsOn: '2024-03-01' },
        outcomes: [{ kind: 'conclusions', text: 'Agreed.' }],
        themes: ['smuggling'],
      },
      '/v1/meetings',
    );
    t.equal(meeting.statusCode, 422, 'another endpoint');
    const revise = await patch(id, '"1"', key, { themes: ['health'] });
    t.equal(revise.statusCode, 422, 'a PATCH reusing a POST key');
  });
});

t.test('Idempotency-Key longer than 255 characters or empty → 400', async (t) => {
  await h.appendsNothing(t, async () => {
    const long = await post(bali, 'k'.repeat(256));
    t.equal(long.statusCode, 400);
    t.ok(
      json<{ errors: { path: string }[] }>(long).errors.some(
        (e) => e.path === 'headers.idempotency-key',
      ),
    );
    const empty = await post(bali, '');
    t.equal(empty.statusCode, 400);
  });
  const max = await post(bali, 'k'.repeat(255));
  t.equal(max.statusCode, 201, '255 characters are fine');
});

t.test('PATCH retried after another write still gets its first response', async (t) => {
  const { id } = json<Written>(await post(bali, undefined));
  const key = newKey();
  const first = await patch(id, '"1"', key, { themes: ['health'] });
  t.equal(first.statusCode, 200);
  t.same(json<Written>(first), { id, version: 2, seq: json<Written>(first).seq });

  const immediate = await patch(id, '"1"', key, { themes: ['health'] });
  t.same(answer(immediate), answer(first), 'an immediate retry');

  const other = await patch(id, '"2"', undefined, { themes: ['gender'] });
  t.equal(other.statusCode, 200, 'another writer revises');
  await h.appendsNothing(t, async () => {
    const late = await patch(id, '"1"', key, { themes: ['health'] });
    t.same(answer(late), answer(first), 'a late retry');
    t.equal(late.headers['idempotent-replayed'], 'true');
    const lateOtherBody = await patch(id, '"1"', key, { themes: ['asylum'] });
    t.equal(lateOtherBody.statusCode, 422);
    const stale = await patch(id, '"1"', newKey(), { themes: ['health'] });
    t.equal(stale.statusCode, 412, 'a fresh key on a stale version is a 412');
  });
});

t.test('DELETE retried after the withdrawal → the first response, not 409', async (t) => {
  const { id } = json<Written>(await post(bali, undefined));
  const key = newKey();
  const del = () =>
    h.app.inject({
      method: 'DELETE',
      url: `/v1/practices/${id}`,
      headers: auth(bali, { 'idempotency-key': key }),
      payload: { reason: 'Outdated' },
    });
  const first = await del();
  t.equal(first.statusCode, 200);
  await h.appendsNothing(t, async () => {
    const retry = await del();
    t.same(answer(retry), answer(first));
    const fresh = await h.app.inject({
      method: 'DELETE',
      url: `/v1/practices/${id}`,
      headers: auth(bali, { 'idempotency-key': newKey() }),
    });
    t.equal(fresh.statusCode, 409);
  });
});

t.test('concurrent POSTs with the same key → one event, one answer', async (t) => {
  const key = newKey();
  const before = await h.lastSeq();
  const results = await Promise.all(Array.from({ length: 8 }, () => post(bali, key)));
  t.equal(await h.lastSeq(), before + 1, 'exactly one event');
  const answers = results.map(answer);
  t.equal(answers[0]!.status, 201);
  for (const a of answers) t.same(a, answers[0]);
});

t.test('concurrent PATCHes with the same key → one event, one answer', async (t) => {
  const { id } = json<Written>(await post(bali, undefined));
  const key = newKey();
  const before = await h.lastSeq();
  const results = await Promise.all(
    Array.from({ length: 5 }, () => patch(id, '"1"', key, { themes: ['health'] })),
  );
  t.equal(await h.lastSeq(), before + 1, 'exactly one event');
  const answers = results.map(answer);
  t.equal(answers[0]!.status, 200);
  for (const a of answers) t.same(a, answers[0]);
});
