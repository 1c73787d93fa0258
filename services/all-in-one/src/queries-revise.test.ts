import { test } from 'tap';
import { readSubject, subjectFor } from '@rcpx/bus';
import { fixedClock, queriesExchange, queryBody } from './queries-support.ts';

// "Once per participant, revisable (If-Match)": a second POST of a reply with If-Match revises
// it, as PATCH does; without If-Match it stays a 409. A crowd revising with one version: one wins.

const NOW = '2026-12-04T12:00:00Z';
const DEADLINE = '2026-12-18';
const answers = (text: string) => [{ ref: 'grants', text: { en: text } }];

type Exchange = Awaited<ReturnType<typeof queriesExchange>>;
type Instance = Awaited<ReturnType<Exchange['instance']>>;

/** Bali's query to iom and igc, launched on `app`: its replies' URL. */
async function launch(x: Exchange, app: Instance): Promise<{ id: string; url: string }> {
  const launched = await x.request(
    app,
    'POST',
    '/v1/queries',
    'bali-process',
    queryBody(DEADLINE, { addressees: ['iom', 'igc'] }),
  );
  const { id } = launched.json() as { id: string };
  return { id, url: `/v1/queries/${id}/replies` };
}

test('POST …/replies with If-Match revises the reply; PATCH stays an alias', async (t) => {
  const x = await queriesExchange(t);
  const app = await x.instance(fixedClock(NOW));
  const { url } = await launch(x, app);
  /** iom's reply POSTed with `text` (and `extra` in the body). */
  const post = (text: string, headers?: Record<string, string>, extra = {}) =>
    x.request(app, 'POST', url, 'iom', { answers: answers(text), ...extra }, headers);

  const early = await post('x', { 'if-match': '"1"' });
  t.equal(early.statusCode, 412, 'If-Match before any reply: nothing to revise');
  t.match(early.json().detail, /not replied yet/);

  const first = await post('First.');
  t.equal(first.statusCode, 201, first.body);
  const twice = await post('Again.');
  t.equal(twice.statusCode, 409, 'a second reply without If-Match');
  t.match(twice.json(), {
    type: 'about:blank',
    detail: /If-Match: "1".*PATCH \/v1\/queries\/.*\/replies\/iom/,
  });

  const stale = await post('B', { 'if-match': '"7"' });
  t.equal(stale.statusCode, 412);
  t.equal(stale.headers.etag, '"1"', 'the 412 names the current version');
  const garbled = await post('B', { 'if-match': 'nope' });
  t.equal(garbled.statusCode, 400);

  const revised = await post('Revised by POST.', { 'if-match': '"1"', 'idempotency-key': 'rev-1' });
  t.equal(revised.statusCode, 200, revised.body);
  t.same(Object.keys(revised.json()).sort(), ['id', 'seq', 'version'], 'the body PATCH returns');
  t.equal(revised.json().id, first.json().id, 'the same reply');
  t.equal(revised.json().version, 2);
  t.equal(revised.headers.etag, '"2"');
  t.notOk(revised.headers.location, 'no Location: nothing was created');

  const retry = await post('Revised by POST.', { 'if-match': '"1"', 'idempotency-key': 'rev-1' });
  t.equal(retry.statusCode, 200, 'a retry with the key answers the first revision');
  t.equal(retry.headers['idempotent-replayed'], 'true');
  t.same(retry.json(), revised.json());
  const other = await post('Revised by POST.', { 'if-match': '"2"', 'idempotency-key': 'rev-1' });
  t.equal(other.statusCode, 422, 'the same key with another condition is another request');

  const patched = await x.request(
    app,
    'PATCH',
    `${url}/iom`,
    'iom',
    { answers: answers('Revised by PATCH.') },
    { 'if-match': '"2"' },
  );
  t.equal(patched.statusCode, 200, 'PATCH still revises');
  t.equal(patched.json().version, 3);

  const hidden = await x.request(
    app,
    'GET',
    `${url}/iom?minSeq=${patched.json().seq}`,
    'anonymous',
  );
  t.equal(hidden.statusCode, 404, 'the launcher only, by default');
  const visible = await post(
    'Public now.',
    { 'if-match': '"3"' },
    { visibility: { level: 'public' } },
  );
  t.equal(visible.statusCode, 200);
  const seq = visible.json().seq as number;
  const reply = await x.request(app, 'GET', `${url}/iom?minSeq=${seq}`, 'anonymous');
  t.equal(reply.statusCode, 200, 'widened to public by the revision');
  const mine = await x.request(app, 'GET', `${url}/iom?minSeq=${seq}`, 'iom');
  t.match(mine.json(), { version: 4, answers: answers('Public now.') });
  t.equal(mine.headers.etag, '"4"');

  const events = await x.request(app, 'GET', `/v1/events?after=0&minSeq=${seq}`, 'admin');
  t.same(
    (events.json() as { type: string }[]).map((e) => e.type),
    [
      'org.rcpx.query.launched',
      'org.rcpx.query.replied',
      'org.rcpx.query.reply.revised',
      'org.rcpx.query.reply.revised',
      'org.rcpx.query.reply.revised',
    ],
    'one event per success, none for the retry',
  );
  const docs = await app.inject({ method: 'GET', url: '/docs/json' });
  const op = docs.json().paths['/v1/queries/{id}/replies'].post;
  t.ok(op.responses['200'] && op.responses['201'] && op.responses['412']);
  t.match(op.description, /If-Match/);
});

test('a crowd revising one reply with the same If-Match: one 200, the rest 412', async (t) => {
  const x = await queriesExchange(t);
  const a = await x.instance(fixedClock(NOW));
  const b = await x.instance(fixedClock(NOW));
  const { id, url } = await launch(x, a);
  t.equal((await x.request(a, 'POST', url, 'iom', { answers: answers('v1') })).statusCode, 201);

  const N = 24;
  /** The crowd's `i`th revision (by POST or PATCH), all from version 1, each with its key. */
  const revise = (app: Instance, i: number) =>
    x.request(
      app,
      i % 3 ? 'POST' : 'PATCH',
      i % 3 ? url : `${url}/iom`,
      'iom',
      { answers: answers(`crowd ${i}`) },
      { 'if-match': '"1"', 'idempotency-key': `crowd-${i}` },
    );
  const results = await Promise.all(Array.from({ length: N }, (_, i) => revise(i % 2 ? a : b, i)));
  const codes = results.map((r) => r.statusCode);
  t.equal(codes.filter((c) => c === 200).length, 1, `exactly one 200: ${codes.join(',')}`);
  t.equal(codes.filter((c) => c === 412).length, N - 1, 'the rest 412');

  // the same requests again (same keys): the winner replays, the losers stay 412
  const again = await Promise.all(Array.from({ length: N }, (_, i) => revise(a, i)));
  t.same(
    again.map((r) => r.statusCode),
    codes,
    'retries answer as the first time',
  );
  const winner = results.find((r) => r.statusCode === 200)!;
  t.same(again[results.indexOf(winner)]!.json(), winner.json());

  const types: string[] = [];
  for await (const stored of readSubject(x.bus, subjectFor(x.bus, 'query', id))) {
    types.push(stored.event.type);
  }
  t.same(
    types,
    ['org.rcpx.query.launched', 'org.rcpx.query.replied', 'org.rcpx.query.reply.revised'],
    'the log holds exactly one revision',
  );
});
