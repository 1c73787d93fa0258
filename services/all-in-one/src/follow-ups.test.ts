import t from 'tap';
import { followUpIdOf, todayUtc } from '@rcpx/contracts';
import { meetingBody, startExchange } from './follow-ups-support.ts';

// Follow-up of recommendations end to end, on a real log and database: reports by the owner and
// the addressees, the tracker with overdue flags, revisions keeping follow-ups on their refs,
// withdrawal hiding them, visibility, and the report in the activity, the log and Atom.

const { call } = await startExchange(t);
const OWNER = 'bali-process';
const today = todayUtc();
const tomorrow = todayUtc(new Date(Date.now() + 86_400_000));

const report = (meeting: string, ref: string, as: string | null, body: object, key?: string) =>
  call(
    'POST',
    `/v1/meetings/${meeting}/outcomes/${ref}/follow-ups`,
    as,
    body,
    key ? { 'idempotency-key': key } : {},
  );
const status = (s: string, en = `Now ${s}.`) => ({ status: s, text: { en } });
const rows = async (query: string, as: string | null = null) => {
  const res = await call('GET', `/v1/follow-ups?${query}`, as);
  if (res.status !== 200) throw new Error(`${res.status}: ${JSON.stringify(res.body)}`);
  return res.body.items as { meetingId: string; ref: string; [k: string]: unknown }[];
};
const refsOf = (items: { ref: string }[]) => items.map((i) => i.ref).sort();

// A public meeting: an overdue recommendation for colombo and iom, one due in the future, an
// action plan due yesterday-ish (2006), and a plain declaration (r1, not tracked).
const created = await call(
  'POST',
  '/v1/meetings',
  OWNER,
  meetingBody([
    {
      ref: 'focal-points',
      kind: 'recommendation',
      title: { en: 'Focal points', fr: 'Points focaux', es: 'Puntos focales' },
      text: { en: 'Designate national focal points.' },
      addressees: ['colombo-process', 'iom'],
      dueOn: '2005-10-31',
    },
    { ref: 'later', kind: 'recommendation', text: 'Review in the future.', dueOn: tomorrow },
    { ref: 'training', kind: 'action-plan', text: 'Train officers.', dueOn: '2006-01-31' },
    { ref: 'today', kind: 'action-plan', text: 'Due today.', dueOn: today },
  ]),
);
t.equal(created.status, 201);
const M = created.body.id as string;

t.test('who may report: the owner and the addressees; 201 {id, version, seq}', async (t) => {
  const first = await report(M, 'focal-points', 'iom', status('planned'), 'fp-iom-1');
  t.equal(first.status, 201);
  t.same(Object.keys(first.body).sort(), ['id', 'seq', 'version']);
  t.equal(first.body.id, followUpIdOf(M, 'focal-points', 'iom'));
  t.equal(first.body.version, 1);
  t.equal(first.headers.location, `/v1/meetings/${M}/follow-ups/${first.body.id}`);
  const again = await report(M, 'focal-points', 'iom', status('planned'), 'fp-iom-1');
  t.equal(again.status, 201, 'a retry answers the first write');
  t.same(again.body, first.body);
  t.equal(again.headers['idempotent-replayed'], 'true');
  t.equal(
    (await report(M, 'focal-points', 'iom', status('dropped'), 'fp-iom-1')).status,
    422,
    'the same key with another body',
  );
  const second = await report(M, 'focal-points', 'iom', status('in-progress'));
  t.match(second, { status: 201, body: { id: first.body.id, version: 2 } });
  t.match(await report(M, 'r1', OWNER, status('in-progress')), { status: 201 });

  t.match(await report(M, 'focal-points', 'igc', status('planned')), {
    status: 403,
    body: { detail: /addressees/ },
  });
  t.equal((await report(M, 'r1', 'iom', status('planned'))).status, 403, 'not addressed');
  t.equal((await report(M, 'nope', OWNER, status('planned'))).status, 404, 'unknown ref');
  const unknown = '6a1c5bb0-35ee-4bde-9b8e-3fb31d3a4b4f';
  t.equal((await report(unknown, 'r1', OWNER, status('planned'))).status, 404);
  t.equal((await report(M, 'r1', null, status('planned'))).status, 401);
  const bad = await report(M, 'focal-points', 'iom', { status: 'done', text: 'x', extra: 1 });
  t.equal(bad.status, 400);
  t.match(bad.body.errors, [{ path: /status/ }, { path: /text/ }, {}]);
  t.equal((await report(M, 'Bad Ref', 'iom', status('planned'))).status, 400);
});

t.test('the tracker: one row per tracked outcome, latest per reporter, overdue', async (t) => {
  const seq = (await report(M, 'focal-points', 'colombo-process', status('not-started'))).body.seq;
  const items = await rows(`participant=${OWNER}&minSeq=${seq}`);
  t.same(refsOf(items), ['focal-points', 'later', 'r1', 'today', 'training'], 'r1 was reported');
  const fp = items.find((i) => i.ref === 'focal-points')!;
  t.match(fp, {
    meetingId: M,
    kind: 'recommendation',
    title: { en: 'Focal points' },
    addressees: ['colombo-process', 'iom'],
    dueOn: '2005-10-31',
    participant: OWNER,
    meeting: { title: { en: 'Senior Officials Meeting' }, startsOn: '2005-04-14' },
    themes: ['trafficking'],
    status: 'not-started',
    overdue: true,
    history: `/v1/meetings/${M}/outcomes/focal-points/follow-ups`,
  });
  t.same(
    (fp.latest as { participant: string; status: string; version: number }[]).map((r) => [
      r.participant,
      r.status,
      r.version,
    ]),
    [
      ['colombo-process', 'not-started', 1],
      ['iom', 'in-progress', 2],
    ],
    "each reporter's latest, most recent first",
  );
  const flags = Object.fromEntries(items.map((i) => [i.ref, i.overdue]));
  t.same(flags, { 'focal-points': true, later: false, r1: false, today: false, training: true });

  t.same(refsOf(await rows('overdue=true')), ['focal-points', 'training']);
  t.same(refsOf(await rows('overdue=false')), ['later', 'r1', 'today']);
  t.same(refsOf(await rows('addressee=iom')), ['focal-points']);
  t.same(refsOf(await rows('status=in-progress')), ['r1']);
  t.same(refsOf(await rows('status=none')), ['later', 'today', 'training']);
  t.same(await rows('theme=health'), []);
  t.same(await rows('participant=igc'), []);
  const bad = await call('GET', '/v1/follow-ups?overdue=yes&colour=red');
  t.equal(bad.status, 400);

  // implemented by one addressee: no longer overdue
  const done = await report(M, 'focal-points', 'colombo-process', status('implemented'));
  const after = await rows(`overdue=true&minSeq=${done.body.seq}`);
  t.same(refsOf(after), ['training']);
  const fpNow = (await rows('addressee=colombo-process'))[0]!;
  t.match(fpNow, { status: 'implemented', overdue: false });

  // keyset paging: every row once
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const page: { body: { items: { ref: string }[]; nextCursor: string | null } } = await call(
      'GET',
      `/v1/follow-ups?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
    );
    seen.push(...page.body.items.map((i) => i.ref));
    cursor = page.body.nextCursor;
  } while (cursor);
  t.same(seen.sort(), ['focal-points', 'later', 'r1', 'today', 'training']);

  // sort=due: the open ones by due date (none last), then the closed; paged by its own cursor
  const byDue: string[] = [];
  let dueCursor: string | null = null;
  do {
    const page: { body: { items: { ref: string }[]; nextCursor: string | null } } = await call(
      'GET',
      `/v1/follow-ups?participant=${OWNER}&sort=due&limit=2${dueCursor ? `&cursor=${dueCursor}` : ''}`,
    );
    byDue.push(...page.body.items.map((i) => i.ref));
    dueCursor = page.body.nextCursor;
  } while (dueCursor);
  t.same(byDue, ['training', 'today', 'later', 'r1', 'focal-points'], 'most urgent first');
  t.same(
    (await rows('addressee=colombo-process&overdue=false&sort=due')).map((i) => i.ref),
    ['focal-points'],
    'with the filters',
  );
  const recent = (await call('GET', '/v1/follow-ups?limit=1')).body.nextCursor as string;
  t.match(await call('GET', `/v1/follow-ups?sort=due&cursor=${recent}`), {
    status: 400,
    body: { errors: [{ path: 'query.cursor' }] },
  });
  t.equal((await call('GET', '/v1/follow-ups?sort=urgent')).status, 400);
});

t.test('the history and one follow-up', async (t) => {
  const history = await call('GET', `/v1/meetings/${M}/outcomes/focal-points/follow-ups`);
  t.equal(history.status, 200);
  t.equal(history.body.removed, false);
  t.match(history.body.outcome, { ref: 'focal-points', status: 'implemented' });
  t.same(
    history.body.items.map((r: { participant: string; status: string }) => [
      r.participant,
      r.status,
    ]),
    [
      ['iom', 'planned'],
      ['iom', 'in-progress'],
      ['colombo-process', 'not-started'],
      ['colombo-process', 'implemented'],
    ],
    'every report, oldest first (superseded ones kept)',
  );
  const one = await call(
    'GET',
    `/v1/meetings/${M}/follow-ups/${followUpIdOf(M, 'focal-points', 'iom')}`,
  );
  t.equal(one.status, 200);
  t.same(
    one.body.items.map((r: { version: number }) => r.version),
    [1, 2],
  );
  t.equal((await call('GET', `/v1/meetings/${M}/outcomes/nope/follow-ups`)).status, 404);
});

t.test('the participant summary', async (t) => {
  const iom = await call('GET', '/v1/participants/iom/follow-up');
  t.equal(iom.status, 200);
  t.match(iom.body, {
    participant: 'iom',
    total: 1,
    counts: { 'in-progress': 1, implemented: 0, none: 0 },
    overdue: [],
    shareImplemented: 0,
  });
  const owner = await call('GET', `/v1/participants/${OWNER}/follow-up`);
  // its own outcomes without addressees: later, r1 (reported), today, training
  t.match(owner.body, {
    total: 4,
    counts: { 'in-progress': 1, none: 3 },
    shareImplemented: 0,
  });
  t.same(
    owner.body.overdue.map((o: { ref: string }) => o.ref),
    ['training'],
  );
  const colombo = await call('GET', '/v1/participants/colombo-process/follow-up');
  t.match(colombo.body, { total: 1, counts: { implemented: 1 }, shareImplemented: 1 });
  t.equal((await call('GET', '/v1/participants/nobody-here/follow-up')).status, 404);
});

t.test(
  'a revision keeps follow-ups on their refs; a removed outcome leaves the tracker',
  async (t) => {
    const detail = await call('GET', `/v1/meetings/${M}`);
    const outcomes = detail.body.outcomes as { ref: string; text: unknown }[];
    const kept = outcomes
      .filter((o) => o.ref !== 'training')
      .map((o) => (o.ref === 'focal-points' ? { ...o, text: { en: 'Reworded.' } } : o));
    const revised = await call(
      'PATCH',
      `/v1/meetings/${M}`,
      OWNER,
      { outcomes: kept },
      {
        'if-match': `"${detail.body.version}"`,
      },
    );
    t.equal(revised.status, 200);
    const items = await rows(`minSeq=${revised.body.seq}`);
    t.same(refsOf(items), ['focal-points', 'later', 'r1', 'today']);
    const fp = items.find((i) => i.ref === 'focal-points')!;
    t.match(fp, { text: { en: 'Reworded.' }, status: 'implemented' });
    t.equal((fp.latest as unknown[]).length, 2, 'the reports stay attached to the ref');
    const removed = await call('GET', `/v1/meetings/${M}/outcomes/training/follow-ups`);
    t.match(removed, { status: 200, body: { removed: true, outcome: { ref: 'training' } } });
    t.equal(
      (await report(M, 'training', OWNER, status('planned'))).status,
      404,
      'a removed outcome takes no report',
    );
    t.same(
      (await call('GET', `/v1/participants/${OWNER}/follow-up`)).body.overdue,
      [],
      'nor is it owed',
    );
    // sent again with its ref, it is back with its history
    const restored = await call(
      'PATCH',
      `/v1/meetings/${M}`,
      OWNER,
      { outcomes: [...kept, outcomes.find((o) => o.ref === 'training')] },
      { 'if-match': `"${revised.body.version}"` },
    );
    t.same(refsOf(await rows(`overdue=true&minSeq=${restored.body.seq}`)), ['training']);
  },
);

t.test('an rcps-only meeting: outsiders see nothing of its follow-ups', async (t) => {
  const secret = await call(
    'POST',
    '/v1/meetings',
    'puebla-process',
    meetingBody(
      [
        {
          ref: 'quota',
          kind: 'recommendation',
          text: 'Agree a quota.',
          addressees: ['iom', 'unhcr'],
          dueOn: '2005-01-01',
        },
      ],
      { level: 'rcps', rcps: ['iom'] },
    ),
  );
  const S = secret.body.id as string;
  t.equal((await report(S, 'quota', 'unhcr', status('planned'))).status, 404, 'cannot read it');
  t.equal((await report(S, 'quota', 'igc', status('planned'))).status, 404);
  const seq = (await report(S, 'quota', 'iom', status('in-progress'))).body.seq;

  const visible = (as: string | null) => rows(`participant=puebla-process&minSeq=${seq}`, as);
  t.same(refsOf(await visible('iom')), ['quota'], 'a listed participant');
  t.same(refsOf(await visible('puebla-process')), ['quota'], 'the publisher');
  t.same(refsOf(await visible('admin')), ['quota'], 'the admin');
  t.same(await visible(null), [], 'anonymous');
  t.same(await visible('unhcr'), [], 'an addressee outside its audience');
  t.same(await visible('igc'), [], 'another participant');
  t.same(await rows('overdue=true&addressee=unhcr', 'unhcr'), []);
  for (const as of [null, 'igc', 'unhcr']) {
    const s = await call('GET', '/v1/participants/unhcr/follow-up', as);
    t.match(s.body, { total: 0, overdue: [], shareImplemented: null }, `summary as ${as}`);
    const h = await call('GET', `/v1/meetings/${S}/outcomes/quota/follow-ups`, as);
    t.equal(h.status, 404, `history as ${as}`);
  }
  t.match((await call('GET', '/v1/participants/iom/follow-up', 'iom')).body, { total: 2 });
  t.match((await call('GET', '/v1/participants/iom/follow-up', 'igc')).body, { total: 1 });

  // the report in the log: the publisher is in its audience with the listed participant
  const events = await call('GET', `/v1/events?after=${seq - 1}&limit=1`, 'puebla-process');
  t.match(events.body, [
    {
      type: 'org.rcpx.followup.reported',
      source: '/participants/iom',
      subject: `meetings/${S}/follow-ups/${followUpIdOf(S, 'quota', 'iom')}`,
      rcpxseq: seq,
      data: { visibility: { level: 'rcps', rcps: ['iom', 'puebla-process'] } },
    },
  ]);
  t.same((await call('GET', `/v1/events?after=${seq - 1}&limit=1`, 'igc')).body, []);
  t.same((await call('GET', `/v1/events?after=${seq - 1}&limit=1`)).body, []);
});

t.test('withdrawing the meeting hides its follow-ups (tracker, summary, history)', async (t) => {
  const w = await call(
    'POST',
    '/v1/meetings',
    'igc',
    meetingBody([
      {
        ref: 'visa',
        kind: 'recommendation',
        text: 'Ease visas.',
        addressees: ['iom'],
        dueOn: '2005-06-01',
      },
    ]),
  );
  const W = w.body.id as string;
  const seq = (await report(W, 'visa', 'iom', status('planned'))).body.seq;
  t.same(refsOf(await rows(`participant=igc&minSeq=${seq}`)), ['visa']);
  const gone = await call('DELETE', `/v1/meetings/${W}`, 'igc', { reason: 'Recorded twice.' });
  t.equal(gone.status, 200);
  t.same(await rows(`participant=igc&minSeq=${gone.body.seq}`), []);
  const h = await call('GET', `/v1/meetings/${W}/outcomes/visa/follow-ups`, 'iom');
  t.equal(h.status, 404);
  const one = await call('GET', `/v1/meetings/${W}/follow-ups/${followUpIdOf(W, 'visa', 'iom')}`);
  t.equal(one.status, 404);
  const iom = await call('GET', '/v1/participants/iom/follow-up', 'iom');
  t.notOk(
    (iom.body.overdue as { meetingId: string }[]).some((o) => o.meetingId === W),
    'not owed any more',
  );
  t.match(await report(W, 'visa', 'iom', status('implemented')), {
    status: 409,
    body: { detail: /withdrawn/ },
  });
  t.equal(
    (await report(W, 'visa', 'unhcr', status('implemented'))).status,
    409,
    'withdrawn is told before who may report',
  );
});

t.test('activity and Atom: "Follow-up: <outcome> — <status>" in en, fr and es', async (t) => {
  const activity = await call('GET', '/v1/activity?types=org.rcpx.followup.reported&limit=200');
  t.equal(activity.status, 200);
  const entry = (activity.body.items as { itemId: string; kind: string; title: unknown }[]).find(
    (i) => i.itemId === followUpIdOf(M, 'focal-points', 'colombo-process'),
  );
  t.match(entry, { kind: 'followup', title: { en: 'Focal points' } });

  const feeds = {
    en: 'Follow-up: Focal points — implemented',
    fr: 'Suivi: Points focaux — mis en œuvre',
    es: 'Seguimiento: Puntos focales — implementado',
  };
  for (const [lang, title] of Object.entries(feeds)) {
    const atom = await call('GET', `/v1/feeds/themes/trafficking.atom?lang=${lang}`);
    t.equal(atom.status, 200);
    t.match(atom.body, title, lang);
    t.match(
      atom.body,
      `/v1/meetings/${M}/follow-ups/${followUpIdOf(M, 'focal-points', 'colombo-process')}`,
    );
  }
  const plain = await call('GET', '/v1/feeds/participants/bali-process.atom');
  t.match(plain.body, 'Follow-up: r1 — in progress', 'an outcome without a title: its ref');
});

t.test('OpenAPI documents every follow-up route', async (t) => {
  const doc = await call('GET', '/docs/json');
  t.equal(doc.status, 200);
  const paths = doc.body.paths as Record<string, Record<string, { tags?: string[] }>>;
  for (const [path, method] of [
    ['/v1/meetings/{id}/outcomes/{ref}/follow-ups', 'post'],
    ['/v1/meetings/{id}/outcomes/{ref}/follow-ups', 'get'],
    ['/v1/meetings/{id}/follow-ups/{followUpId}', 'get'],
    ['/v1/follow-ups', 'get'],
    ['/v1/participants/{slug}/follow-up', 'get'],
  ] as const) {
    t.same(paths[path]?.[method]?.tags, ['follow-ups'], `${method.toUpperCase()} ${path}`);
  }
  const post = paths['/v1/meetings/{id}/outcomes/{ref}/follow-ups']!.post as unknown as {
    requestBody: { content: { 'application/json': { schema: { properties: object } } } };
  };
  t.same(Object.keys(post.requestBody.content['application/json'].schema.properties).sort(), [
    'countries',
    'links',
    'status',
    'text',
  ]);
});
