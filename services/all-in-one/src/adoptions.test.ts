import { test } from 'tap';
import type { Test } from 'tap';
import { PARTICIPANTS, type Adoption, type Flow, type Lineage } from '@rcpx/contracts';
import { startTestExchange } from './test-exchange.ts';

const ADMIN = 'adoptions-admin-token';

// Adoption lineage end to end: ingest, projector and every read path in one process, on this
// file's own database and stream.
async function exchange(t: Test) {
  const { request } = await startTestExchange(t, {
    admin: ADMIN,
    env: { RCPX_RATE_LIMIT: '100000' },
    webhooks: false,
    tokens: { 'iom-reader': { participant: 'iom', role: 'reader' } },
  });
  let last = 0;
  const written = (res: { statusCode: number; body: string }, status: number) => {
    if (res.statusCode !== status) throw new Error(`${res.statusCode} ${res.body}`);
    const body = JSON.parse(res.body) as { id: string; version: number; seq: number };
    last = Math.max(last, body.seq);
    return body;
  };
  const publish = async (who: string, title: string, visibility: object = { level: 'public' }) =>
    written(
      await request('POST', '/v1/practices', who, {
        title: { en: title },
        themes: ['labour-migration'],
        visibility,
      }),
      201,
    );
  const adopt = (who: string, practice: string, body: object, headers = {}) =>
    request('POST', `/v1/practices/${practice}/adoptions`, who, body, headers);
  const get = async (url: string, who: string) => {
    const sep = url.includes('?') ? '&' : '?';
    return request('GET', `${url}${sep}minSeq=${last}`, who);
  };
  const narrow = async (who: string, id: string, version: number, visibility: object) =>
    written(
      await request(
        'PATCH',
        `/v1/practices/${id}`,
        who,
        { visibility },
        {
          'if-match': `"${version}"`,
        },
      ),
      200,
    );
  return { request, publish, adopt, get, narrow, written, lastSeq: () => last };
}

type Exchange = Awaited<ReturnType<typeof exchange>>;

const adoptionsOf = async (x: Exchange, practice: string, who: string) => {
  const res = await x.get(`/v1/practices/${practice}`, who);
  return res.statusCode === 200 ? (res.json().adoptions as Adoption[]) : res.statusCode;
};

const activityTypes = async (x: Exchange, who: string) => {
  const res = await x.get('/v1/activity?limit=200', who);
  return (res.json().items as { type: string; event: { subject: string } }[]).filter(
    (e) => e.type === 'org.rcpx.practice.adoption.recorded',
  );
};

const logAdoptions = async (x: Exchange, who: string) => {
  const res = await x.get('/v1/events?after=0&limit=1000', who);
  return (res.json() as { type: string; subject: string }[]).filter(
    (e) => e.type === 'org.rcpx.practice.adoption.recorded',
  );
};

test('record, supersede, read back on every path', async (t) => {
  const x = await exchange(t);
  const practice = x.written(
    await x.request('POST', '/v1/practices', 'bali-process', {
      title: {
        en: 'Pre-departure orientation',
        fr: 'Orientation avant le départ',
        es: 'Orientación previa a la partida',
      },
      themes: ['labour-migration'],
    }),
    201,
  );
  const first = await x.adopt('colombo-process', practice.id, {
    stage: 'considering',
    note: { en: 'On the agenda of the next SOM', fr: 'À l’ordre du jour' },
  });
  t.equal(first.statusCode, 201, first.body);
  const one = x.written(first, 201);
  t.equal(one.version, 1);
  t.equal(first.headers.location, `/v1/practices/${practice.id}/adoptions/${one.id}`);
  const second = x.written(
    await x.adopt(
      'colombo-process',
      practice.id,
      { stage: 'piloting' },
      { 'idempotency-key': 'pilot-1' },
    ),
    201,
  );
  t.same([second.id, second.version], [one.id, 2], 'the same adoption, superseded');

  const retry = await x.adopt(
    'colombo-process',
    practice.id,
    { stage: 'piloting' },
    { 'idempotency-key': 'pilot-1' },
  );
  t.equal(retry.statusCode, 201);
  t.same(retry.json(), second, 'a retry answers the first write');
  t.equal(retry.headers['idempotent-replayed'], 'true');
  const other = await x.adopt(
    'colombo-process',
    practice.id,
    { stage: 'adopted' },
    { 'idempotency-key': 'pilot-1' },
  );
  t.equal(other.statusCode, 422, 'the same key with another body');

  const adoptions = await adoptionsOf(x, practice.id, 'anonymous');
  t.match(adoptions, [
    {
      id: one.id,
      adopter: 'colombo-process',
      practiceOwner: 'bali-process',
      stage: 'piloting',
      version: 2,
      visibility: { level: 'public' },
    },
  ]);
  const history = await x.get(`/v1/practices/${practice.id}/adoptions`, 'anonymous');
  t.same(
    history.json().items.map((a: Adoption) => [a.stage, a.version]),
    [
      ['considering', 1],
      ['piloting', 2],
    ],
  );
  t.same(history.json().items[0].note, {
    en: 'On the agenda of the next SOM',
    fr: 'À l’ordre du jour',
  });
  const page = await x.request(
    'GET',
    `/v1/practices/${practice.id}?lang=fr`,
    'anonymous',
    undefined,
    {
      accept: 'text/html',
    },
  );
  t.match(
    page.body,
    /D’autres processus s’en inspirent.*Colombo Process: l’expérimente/s,
    'the page',
  );
  const single = await x.get(first.headers.location as string, 'anonymous');
  t.equal(single.statusCode, 200, 'Location answers');
  t.equal(single.json().stage, 'piloting');

  const activity = await activityTypes(x, 'anonymous');
  t.equal(activity.length, 2, 'both records in the activity');
  t.match(activity[0], {
    kind: 'adoption',
    itemId: one.id,
    title: { en: 'Pre-departure orientation' },
  });
  t.equal((await logAdoptions(x, 'anonymous')).length, 2, 'and in /v1/events');

  const flows = await x.get('/v1/stats/flows?theme=labour-migration', 'anonymous');
  t.same(flows.json(), [{ from: 'bali-process', to: 'colombo-process', stage: 'piloting', n: 1 }]);
  t.same((await x.get('/v1/stats/flows?theme=trafficking', 'anonymous')).json(), []);
  t.same((await x.get('/v1/stats/flows?since=2999-01-01', 'anonymous')).json(), []);

  for (const [lang, title] of [
    ['en', 'Colombo Process is piloting: Pre-departure orientation'],
    ['fr', 'Colombo Process expérimente: Orientation avant le départ'],
    ['es', 'Colombo Process está poniendo a prueba: Orientación previa a la partida'],
  ] as const) {
    const atom = await x.request(
      'GET',
      `/v1/feeds/themes/labour-migration.atom?lang=${lang}`,
      'anonymous',
    );
    t.ok(atom.body.includes(title), `Atom (${lang}): ${title}`);
  }
  t.ok(
    (await x.request('GET', '/v1/feeds/themes/labour-migration.atom', 'anonymous')).body.includes(
      `/v1/practices/${practice.id}`,
    ),
    'the entry links the practice',
  );
});

test('who may record what: clear problems', async (t) => {
  const x = await exchange(t);
  const practice = await x.publish('bali-process', 'Joint return flights');
  const mine = await x.publish('colombo-process', 'Our return flights');
  const theirs = await x.publish('apc', 'APC return flights');
  const expect = async (who: string, id: string, body: object, status: number, path?: string) => {
    const res = await x.adopt(who, id, body);
    t.equal(res.statusCode, status, `${who} ${JSON.stringify(body)}: ${res.body}`);
    if (path) t.equal(res.json().errors?.[0]?.path, path);
  };
  await expect('anonymous', practice.id, { stage: 'adopted' }, 401);
  await expect('iom-reader', practice.id, { stage: 'adopted' }, 403);
  await expect('bali-process', practice.id, { stage: 'adopted' }, 403);
  await expect('colombo-process', practice.id, { stage: 'copied' }, 400, 'body.stage');
  await expect(
    'colombo-process',
    '00000000-0000-4000-8000-000000000009',
    { stage: 'adopted' },
    404,
  );
  await expect('colombo-process', 'not-a-uuid', { stage: 'adopted' }, 400);
  await expect(
    'colombo-process',
    practice.id,
    { stage: 'adapted', localPractice: theirs.id },
    400,
    'body.localPractice',
  );
  await expect(
    'colombo-process',
    practice.id,
    { stage: 'adapted', localPractice: practice.id },
    400,
    'body.localPractice',
  );
  await expect('colombo-process', practice.id, { stage: 'adapted', localPractice: mine.id }, 201);

  const rcps = await x.publish('bali-process', 'Listed', {
    level: 'rcps',
    rcps: ['colombo-process'],
  });
  await expect(
    'colombo-process',
    rcps.id,
    { stage: 'adopted', visibility: { level: 'public' } },
    400,
    'body.visibility.level',
  );
  await expect(
    'colombo-process',
    rcps.id,
    { stage: 'adopted', visibility: { level: 'rcps', rcps: ['apc'] } },
    400,
    'body.visibility.rcps.0',
  );

  x.written(
    await x.request('DELETE', `/v1/practices/${practice.id}`, 'bali-process', { reason: 'old' }),
    200,
  );
  await expect('iom', practice.id, { stage: 'considering' }, 409);
  x.written(await x.request('DELETE', `/v1/practices/${mine.id}`, 'colombo-process'), 200);
  await expect(
    'colombo-process',
    theirs.id,
    { stage: 'adapted', localPractice: mine.id },
    400,
    'body.localPractice',
  );
});

test('members-only and listed practices: no adoption reaches anyone else', async (t) => {
  const x = await exchange(t);
  const secret = await x.publish('bali-process', 'Members only', { level: 'members' });
  const hidden = await x.adopt('colombo-process', secret.id, { stage: 'adopted' });
  t.equal(hidden.statusCode, 404, 'a practice the adopter may not read answers 404');
  t.same(
    JSON.parse(hidden.body).detail,
    JSON.parse(
      (
        await x.adopt('colombo-process', 'a0000000-0000-4000-8000-000000000000', {
          stage: 'adopted',
        })
      ).body,
    ).detail.replace('a0000000-0000-4000-8000-000000000000', secret.id),
    'worded as a missing one',
  );

  const listed = await x.publish('bali-process', 'For Colombo and APC', {
    level: 'rcps',
    rcps: ['colombo-process', 'apc'],
  });
  x.written(
    await x.adopt('colombo-process', listed.id, {
      stage: 'adopted',
      visibility: { level: 'members' },
    }),
    201,
  );
  x.written(await x.adopt('apc', listed.id, { stage: 'considering' }), 201);
  t.equal(await adoptionsOf(x, listed.id, 'iom'), 404, 'iom: the practice is 404');
  t.equal(await adoptionsOf(x, listed.id, 'anonymous'), 404);
  const stagesFor = async (who: string) => {
    const a = await adoptionsOf(x, listed.id, who);
    return typeof a === 'number' ? a : a.map((r) => `${r.adopter}:${r.stage}`).sort();
  };
  t.same(await stagesFor('bali-process'), ['apc:considering', 'colombo-process:adopted']);
  t.same(await stagesFor('colombo-process'), ['apc:considering', 'colombo-process:adopted']);
  t.same(await stagesFor('apc'), ['apc:considering'], 'colombo narrowed its own to bali');
  t.same(await stagesFor('admin'), ['apc:considering', 'colombo-process:adopted']);
  for (const who of ['iom', 'anonymous']) {
    t.same((await x.get('/v1/stats/flows', who)).json(), [], `${who}: no flows`);
    t.same(await activityTypes(x, who), [], `${who}: no activity`);
    t.same(await logAdoptions(x, who), [], `${who}: nothing in /v1/events`);
  }
  t.same(
    ((await x.get('/v1/stats/flows', 'apc')).json() as Flow[]).map((f) => f.to),
    ['apc'],
    'apc counts its own only',
  );
  t.equal((await logAdoptions(x, 'apc')).length, 1);
});

test('narrowing the practice later narrows its adoptions on every path', async (t) => {
  const x = await exchange(t);
  const practice = await x.publish('bali-process', 'Published to all');
  x.written(await x.adopt('colombo-process', practice.id, { stage: 'adopted' }), 201);
  x.written(await x.adopt('iom', practice.id, { stage: 'considering' }), 201);
  const before = await adoptionsOf(x, practice.id, 'anonymous');
  t.equal(Array.isArray(before) && before.length, 2, 'public at first');
  t.equal((await logAdoptions(x, 'apc')).length, 2);

  await x.narrow('bali-process', practice.id, 1, { level: 'rcps', rcps: ['colombo-process'] });
  for (const who of ['anonymous', 'apc']) {
    t.equal(await adoptionsOf(x, practice.id, who), 404, `${who}: detail 404`);
    t.equal((await x.get(`/v1/practices/${practice.id}/lineage`, who)).statusCode, 404);
    t.equal((await x.get(`/v1/practices/${practice.id}/adoptions`, who)).statusCode, 404);
    t.same((await x.get('/v1/stats/flows', who)).json(), [], `${who}: no flows`);
    t.same(await activityTypes(x, who), [], `${who}: activity has none`);
    t.same(await logAdoptions(x, who), [], `${who}: /v1/events has none`);
    const atom = await x.request('GET', '/v1/feeds/themes/labour-migration.atom', who);
    t.equal(atom.statusCode, 200);
    t.notOk(atom.body.includes('Colombo Process adopted'), `${who}: Atom has none`);
  }
  const colombo = await adoptionsOf(x, practice.id, 'colombo-process');
  t.same(
    Array.isArray(colombo) && colombo.map((a) => a.adopter).sort(),
    ['colombo-process', 'iom'],
    'colombo (listed) still sees both',
  );
  t.equal(
    (await activityTypes(x, 'iom')).length,
    1,
    'iom, no longer listed, keeps its own record in the log (as every author)',
  );
  t.equal(await adoptionsOf(x, practice.id, 'iom'), 404, 'but not the practice');
  t.same(((await x.get('/v1/stats/flows', 'iom')).json() as Flow[]).length, 0, 'nor a flow of it');

  await x.narrow('bali-process', practice.id, 2, { level: 'public' });
  const after = await adoptionsOf(x, practice.id, 'anonymous');
  t.equal(Array.isArray(after) && after.length, 2, 'widened again: as recorded');
  t.equal((await logAdoptions(x, 'apc')).length, 2);
});

test('lineage across processes: ancestors, descendants, no cycles, visibility', async (t) => {
  const x = await exchange(t);
  const a = await x.publish('bali-process', 'Origin');
  const b = await x.publish('colombo-process', 'Adapted by Colombo');
  const c = await x.publish('apc', 'Adapted by APC', {
    level: 'rcps',
    rcps: ['colombo-process', 'bali-process'],
  });
  x.written(await x.adopt('colombo-process', a.id, { stage: 'adapted', localPractice: b.id }), 201);
  x.written(await x.adopt('apc', b.id, { stage: 'adapted', localPractice: c.id }), 201);
  // a cycle back to the origin
  x.written(await x.adopt('bali-process', c.id, { stage: 'adopted', localPractice: a.id }), 201);

  const lineage = async (id: string, who: string) =>
    (await x.get(`/v1/practices/${id}/lineage`, who)).json() as Lineage;
  const ids = (nodes: Lineage['descendants']) => nodes.map((n) => [n.id, n.depth]);
  const fromA = await lineage(a.id, 'colombo-process');
  t.same(ids(fromA.descendants), [
    [b.id, 1],
    [c.id, 2],
  ]);
  t.same(
    ids(fromA.ancestors),
    [
      [c.id, 1],
      [b.id, 2],
    ],
    'the cycle ends at the practice asked for',
  );
  t.match(fromA.descendants[0], {
    participant: 'colombo-process',
    from: a.id,
    adoption: { adopter: 'colombo-process', stage: 'adapted' },
  });
  const fromC = await lineage(c.id, 'apc');
  t.same(ids(fromC.ancestors), [
    [b.id, 1],
    [a.id, 2],
  ]);
  const anonymous = await lineage(a.id, 'anonymous');
  t.same(ids(anonymous.descendants), [[b.id, 1]], 'a practice anonymous may not see is left out');
  t.same(ids(anonymous.ancestors), [], 'and so is every path through it');
  t.equal((await x.get(`/v1/practices/${c.id}/lineage`, 'anonymous')).statusCode, 404);
});

test('the crowd: every participant records at once on one practice', async (t) => {
  const x = await exchange(t);
  const practice = await x.publish('bali-process', 'Everyone learns from this');
  const adopters = PARTICIPANTS.map((p) => p.slug).filter((s) => s !== 'bali-process');
  const STAGES = ['considering', 'piloting', 'adopted', 'adapted', 'declined'] as const;
  const ROUNDS = 4;
  const sent = adopters.flatMap((who) =>
    Array.from({ length: ROUNDS }, (_, i) => ({ who, stage: STAGES[(i + who.length) % 5]! })),
  );
  const answers = await Promise.all(
    sent.map(async ({ who, stage }) => ({
      who,
      stage,
      res: x.written(await x.adopt(who, practice.id, { stage }), 201),
    })),
  );
  const latest = new Map<string, string>();
  for (const who of adopters) {
    const mine = answers.filter((a) => a.who === who);
    t.same(
      mine.map((a) => a.res.version).sort((p, q) => p - q),
      Array.from({ length: ROUNDS }, (_, i) => i + 1),
      `${who}: versions 1..${ROUNDS}, once each`,
    );
    t.equal(new Set(mine.map((a) => a.res.id)).size, 1, `${who}: one adoption`);
    latest.set(who, mine.find((a) => a.res.version === ROUNDS)!.stage);
  }
  const read = await adoptionsOf(x, practice.id, 'anonymous');
  t.ok(Array.isArray(read));
  const got = new Map((read as Adoption[]).map((a) => [a.adopter, a]));
  t.equal(got.size, adopters.length, 'every adopter once');
  for (const who of adopters) {
    t.equal(got.get(who)?.stage, latest.get(who), `${who}: the latest stage`);
    t.equal(got.get(who)?.version, ROUNDS);
  }
  const history = (await x.get(`/v1/practices/${practice.id}/adoptions`, 'admin')).json();
  t.equal(history.items.length, sent.length, 'every record in the history');
  const flows = (await x.get('/v1/stats/flows', 'anonymous')).json() as Flow[];
  t.equal(
    flows.reduce((n, f) => n + f.n, 0),
    adopters.length,
    'flows count each adopter once, at its latest stage',
  );
});
