import { test } from 'tap';
import { fixedClock, queriesExchange, queryBody } from './queries-support.ts';

// "Ask the network" end to end on real servers: the lifecycle, who reads a reply on every read
// path, the compilation's languages and its page's escaping.

const NOW = '2026-12-04T12:00:00Z';
const DEADLINE = '2026-12-18';

test('launch, reply once, revise with If-Match, close; nothing after the close', async (t) => {
  const x = await queriesExchange(t);
  const app = await x.instance(fixedClock(NOW));
  const req = (...a: Parameters<typeof x.request> extends [unknown, ...infer R] ? R : never) =>
    x.request(app, ...a);

  const bad = await req('POST', '/v1/queries', 'bali-process', queryBody('2026-12-04'));
  t.equal(bad.statusCode, 400, 'a deadline today is refused');
  t.match(bad.json(), { errors: [{ path: 'body.deadline' }] });
  const dup = await req('POST', '/v1/queries', 'bali-process', {
    ...queryBody(DEADLINE),
    questions: [
      { ref: 'a', text: { en: 'x' } },
      { ref: 'a', text: { en: 'y' } },
    ],
  });
  t.equal(dup.statusCode, 400, 'refs must be distinct');

  const launched = await req(
    'POST',
    '/v1/queries',
    'bali-process',
    queryBody(DEADLINE, { addressees: ['iom', 'igc'] }),
    { 'idempotency-key': 'launch-1' },
  );
  t.equal(launched.statusCode, 201, launched.body);
  const { id, seq } = launched.json() as { id: string; seq: number };
  t.equal(launched.headers.location, `/v1/queries/${id}`);
  const again = await req(
    'POST',
    '/v1/queries',
    'bali-process',
    queryBody(DEADLINE, { addressees: ['iom', 'igc'] }),
    { 'idempotency-key': 'launch-1' },
  );
  t.equal(again.headers['idempotent-replayed'], 'true');
  t.same(again.json(), launched.json(), 'a retry answers the first launch');

  const answers = [{ ref: 'grants', text: { en: 'Yes, since 2004.' } }];
  const nowhere = await req('POST', `/v1/queries/${crypto.randomUUID()}/replies`, 'iom', {
    answers,
  });
  t.equal(nowhere.statusCode, 404, 'no such query');
  const badId = await req('POST', '/v1/queries/not-a-uuid/replies', 'iom', { answers });
  t.equal(badId.statusCode, 400);
  t.match(badId.json(), { errors: [{ path: 'params.id' }] });
  const badReply = await req('PATCH', `/v1/queries/${id}/replies/Not_A_Slug`, 'iom', {
    answers,
  });
  t.equal(badReply.statusCode, 400, 'a reply is named by an id or a slug');
  t.match(badReply.json(), { errors: [{ path: 'params.reply' }] });
  const empty = await req('POST', `/v1/queries/${id}/replies`, 'iom', { answers: [] });
  t.equal(empty.statusCode, 400, 'at least one answer');
  t.equal((await req('POST', `/v1/queries/${id}/replies`, 'apc', { answers })).statusCode, 403);
  t.equal(
    (await req('POST', `/v1/queries/${id}/replies`, 'bali-process', { answers })).statusCode,
    403,
    'not the launcher',
  );
  const wrongRef = await req('POST', `/v1/queries/${id}/replies`, 'iom', {
    answers: [{ ref: 'nope', text: { en: 'x' } }],
  });
  t.equal(wrongRef.statusCode, 400);
  t.match(wrongRef.json(), { errors: [{ path: 'body.answers.0.ref' }] });

  const replied = await req('POST', `/v1/queries/${id}/replies`, 'iom', { answers });
  t.equal(replied.statusCode, 201, replied.body);
  t.match(replied.headers.location, `/v1/queries/${id}/replies/${replied.json().id}`);
  t.equal(replied.json().version, 1);
  const twice = await req('POST', `/v1/queries/${id}/replies`, 'iom', { answers });
  t.equal(twice.statusCode, 409);
  t.match(twice.json().detail, `PATCH /v1/queries/${id}/replies/iom`);

  const path = `/v1/queries/${id}/replies/iom`;
  const patch = { answers: [...answers, { ref: 'evaluation', text: { es: 'Una universidad.' } }] };
  t.equal((await req('PATCH', path, 'iom', patch)).statusCode, 428);
  t.equal((await req('PATCH', path, 'iom', patch, { 'if-match': '"2"' })).statusCode, 412);
  t.equal((await req('PATCH', path, 'bali-process', patch, { 'if-match': '"1"' })).statusCode, 403);
  const revised = await req('PATCH', path, 'iom', patch, { 'if-match': '"1"' });
  t.equal(revised.statusCode, 200, revised.body);
  t.equal(revised.json().version, 2);

  t.equal((await req('POST', `/v1/queries/${id}/close`, 'iom')).statusCode, 403);
  const closed = await req('POST', `/v1/queries/${id}/close`, 'bali-process');
  t.equal(closed.statusCode, 200, closed.body);
  t.equal(closed.json().version, 4, 'the fourth event of the query');
  t.equal((await req('POST', `/v1/queries/${id}/close`, 'bali-process')).statusCode, 409);
  const late = await req('POST', `/v1/queries/${id}/replies`, 'igc', { answers });
  t.equal(late.statusCode, 409, 'reply after the close');
  t.match(late.json().detail, /closed/);
  t.equal((await req('PATCH', path, 'iom', patch, { 'if-match': '"2"' })).statusCode, 409);

  const last = closed.json().seq as number;
  const detail = await req('GET', `/v1/queries/${id}?minSeq=${last}`, 'bali-process');
  t.equal(detail.statusCode, 200);
  t.match(detail.json(), {
    id,
    status: 'closed',
    closedBy: 'launcher',
    replyCount: 1,
    addressees: ['iom', 'igc'],
    replies: [{ participant: 'iom', version: 2 }],
  });
  t.equal(detail.headers.etag, '"4"');
  const reply = await req('GET', `${path}?minSeq=${last}`, 'iom');
  t.equal(reply.headers.etag, '"2"');
  const byId = await req('GET', String(replied.headers.location), 'iom');
  t.same(byId.json(), reply.json(), 'the reply by its id (Location) or its author');
  const events = await req('GET', `/v1/events?after=${seq - 1}&minSeq=${last}`, 'admin');
  t.same(
    (events.json() as { type: string }[]).map((e) => e.type),
    [
      'org.rcpx.query.launched',
      'org.rcpx.query.replied',
      'org.rcpx.query.reply.revised',
      'org.rcpx.query.closed',
    ],
  );
  const list = await req(
    'GET',
    `/v1/queries?status=closed&themes=return-reintegration,asylum&participant=bali-process`,
    'iom',
  );
  const none = await req('GET', '/v1/queries?theme=asylum&participants=bali-process,igc', 'iom');
  t.same(none.json().items, [], 'no query on asylum');
  const typo = await req('GET', '/v1/queries?thems=asylum', 'iom');
  t.equal(typo.statusCode, 400, 'an unknown parameter is a 400');
  t.same(
    (list.json().items as { id: string }[]).map((q) => q.id),
    [id],
  );
  const feed = await req('GET', '/v1/feeds/participants/bali-process.atom?lang=fr', 'anonymous');
  t.match(feed.body, 'Question au réseau: Aides à la réintégration');
  t.match(feed.body, 'Question close: Aides à la réintégration');
});

test('awaiting my reply: open, asked, not replied, with days left', async (t) => {
  const x = await queriesExchange(t);
  const app = await x.instance(fixedClock(NOW));
  const launch = async (deadline: string, addressees: string[]) => {
    const res = await x.request(
      app,
      'POST',
      '/v1/queries',
      'igc',
      queryBody(deadline, { addressees }),
    );
    t.equal(res.statusCode, 201, res.body);
    return res.json() as { id: string; seq: number };
  };
  const later = await launch('2026-12-30', ['iom', 'apc']);
  const sooner = await launch('2026-12-10', ['iom']);
  const replied = await launch('2026-12-08', ['iom']);
  await launch('2026-12-09', ['apc']);
  const r = await x.request(app, 'POST', `/v1/queries/${replied.id}/replies`, 'iom', {
    answers: [{ ref: 'grants', text: { en: 'No.' } }],
  });
  const url = `/v1/queries?awaiting=iom&limit=1&minSeq=${r.json().seq}`;
  const first = await x.request(app, 'GET', url, 'iom');
  t.equal(first.statusCode, 200, first.body);
  t.match(first.json().items, [{ id: sooner.id, daysLeft: 6 }]);
  const second = await x.request(app, 'GET', `${url}&cursor=${first.json().nextCursor}`, 'iom');
  t.match(second.json(), { items: [{ id: later.id, daysLeft: 26 }], nextCursor: null });
  t.equal((await x.request(app, 'GET', url, 'apc')).statusCode, 403, "not another's debts");
  t.equal((await x.request(app, 'GET', url, 'admin')).statusCode, 200);
});
