import { test } from 'tap';
import type { Test } from 'tap';
import { waitFor } from '@rcpx/testing';
import { startTestExchange } from './test-exchange.ts';

const ADMIN = 'memberships-admin-token';

// Overlapping memberships on a whole exchange: the registry's member and observer states, the
// admin's changes (PUT/DELETE, admin only, idempotent), the countries and overlap reads, and
// `memberState` on every list-like read, never wider than the reader may see.
async function exchange(t: Test) {
  const { app, db, request } = await startTestExchange(t, {
    admin: ADMIN,
    tokens: { iom: { participant: 'iom', role: 'reader' } },
  });
  const publish = async (who: string, title: string, visibility: object = { level: 'public' }) => {
    const res = await request('POST', '/v1/practices', who, {
      title: { en: title },
      themes: ['trafficking'],
      visibility,
    });
    if (res.statusCode !== 201) throw new Error(`publish: ${res.statusCode} ${res.body}`);
    return res.json() as { id: string; version: number; seq: number };
  };
  return { app, db, request, publish };
}

type Entry = { country: string; role: string; asOf: string; source: { name: string } };

test('the registry: members, observers, countries and overlap, with date and source', async (t) => {
  const { request } = await exchange(t);
  const colombo = await request('GET', '/v1/participants/colombo-process', 'anonymous');
  t.equal(colombo.statusCode, 200, colombo.body);
  const body = colombo.json() as { members: Entry[]; observers: Entry[]; registry: object };
  t.ok(
    body.members.some((m) => m.country === 'LK'),
    'Sri Lanka a member',
  );
  t.ok(
    body.observers.some((m) => m.country === 'MY'),
    'Malaysia an observer',
  );
  t.ok(
    body.members.every((m) => m.asOf && m.source.name),
    'each with as-of and source',
  );
  t.match(body.registry, { asOf: String, source: { name: String }, note: String });
  const iom = (await request('GET', '/v1/participants/iom', 'anonymous')).json();
  t.same([iom.members, iom.observers, iom.registry], [[], [], null], 'an organisation has none');

  const th = await request('GET', '/v1/countries/TH', 'anonymous');
  t.equal(th.statusCode, 200);
  const processes = (th.json().processes as { participant: string; role: string }[]).map(
    (p) => `${p.participant}:${p.role}`,
  );
  t.same(processes, ['apc:member', 'bali-process:member', 'colombo-process:member']);
  t.same((await request('GET', '/v1/countries/ZZ', 'anonymous')).json().processes, []);
  for (const bad of ['th', 'THA', 'T1']) {
    const res = await request('GET', `/v1/countries/${bad}`, 'anonymous');
    t.equal(res.statusCode, 400, `countries/${bad}`);
    t.match(res.json(), { errors: [{ path: /cc/ }] });
  }

  const overlap = (
    await request('GET', '/v1/participants/bali-process/overlap', 'anonymous')
  ).json();
  t.equal(overlap.overlaps.length, 8, 'every other process');
  t.equal(overlap.overlaps[0].participant, 'apc', 'the APC shares the most with Bali');
  const colomboOverlap = overlap.overlaps.find(
    (o: { participant: string }) => o.participant === 'colombo-process',
  );
  t.ok(colomboOverlap.shared.some((s: { country: string }) => s.country === 'TH'));
  t.equal((await request('GET', '/v1/participants/nowhere/overlap', 'anonymous')).statusCode, 404);
});

test('admin changes: admin only, validated, idempotent, and read back', async (t) => {
  const { request } = await exchange(t);
  const url = '/v1/participants/colombo-process/memberships/MY';
  const body = { role: 'member', asOf: '2026-11', source: { name: 'Colombo Process SOM 2026' } };
  t.equal((await request('PUT', url, 'anonymous', body)).statusCode, 401, 'no token: 401');
  t.equal((await request('PUT', url, 'colombo-process', body)).statusCode, 403, 'publisher: 403');
  t.equal((await request('DELETE', url, 'iom')).statusCode, 403, 'reader: 403');
  for (const [path, payload] of [
    ['/v1/participants/colombo-process/memberships/my', body],
    ['/v1/participants/colombo-process/memberships/MYS', body],
    ['/v1/participants/nowhere/memberships/MY', body],
    ['/v1/participants/iom/memberships/MY', body],
    [url, { role: 'chair' }],
    [url, { role: 'member', asOf: '26 Nov' }],
    [url, { role: 'member', extra: 1 }],
  ] as const) {
    const res = await request('PUT', path, 'admin', payload);
    t.equal(res.statusCode, 400, `${path} ${JSON.stringify(payload)}`);
    t.match(res.headers['content-type'], /problem\+json/);
  }

  const key = { 'idempotency-key': 'my-joins-colombo' };
  const first = await request('PUT', url, 'admin', body, key);
  t.equal(first.statusCode, 200, first.body);
  const retry = await request('PUT', url, 'admin', body, key);
  t.same(retry.json(), first.json(), 'a retry answers the first write');
  t.equal(retry.headers['idempotent-replayed'], 'true');
  const other = await request('PUT', url, 'admin', { role: 'observer' }, key);
  t.equal(other.statusCode, 422, 'the same key with another body: 422');

  const left = await request('DELETE', '/v1/participants/colombo-process/memberships/IN', 'admin');
  t.equal(left.statusCode, 200, left.body);
  const seq = left.json().seq as number;
  const detail = (
    await request('GET', `/v1/participants/colombo-process?minSeq=${seq}`, 'anonymous')
  ).json() as { members: (Entry & { seq?: number })[]; observers: Entry[] };
  const my = detail.members.find((m) => m.country === 'MY');
  t.match(my, { role: 'member', asOf: '2026-11', source: { name: 'Colombo Process SOM 2026' } });
  t.equal(my?.seq, first.json().seq, 'names the change it comes from');
  t.notOk(
    detail.observers.some((o) => o.country === 'MY'),
    'no longer an observer',
  );
  t.notOk(
    detail.members.some((m) => m.country === 'IN'),
    'India left',
  );
  const india = (await request('GET', '/v1/countries/IN', 'anonymous')).json();
  t.notOk(
    india.processes.some((p: { participant: string }) => p.participant === 'colombo-process'),
  );

  // the changes are events of the log, in the activity of the process, with Atom titles
  const activity = (
    await request('GET', '/v1/activity?types=org.rcpx.membership.changed', 'anonymous')
  ).json();
  t.equal(activity.items.length, 2, 'both changes in the activity (public)');
  const fr = await request(
    'GET',
    '/v1/feeds/participants/colombo-process.atom?lang=fr',
    'anonymous',
  );
  t.match(fr.body, /Composition modifiée: MY : désormais membre de Colombo Process/);
  const es = await request(
    'GET',
    '/v1/feeds/participants/colombo-process.atom?lang=es',
    'anonymous',
  );
  t.match(es.body, /Composición modificada: IN: ya no forma parte de Colombo Process/);
  const en = await request('GET', '/v1/feeds/participants/colombo-process.atom', 'anonymous');
  t.match(en.body, /Membership changed: MY: now a member of Colombo Process/);
});

test('memberState on every list-like read, never wider than the reader may see', async (t) => {
  const x = await exchange(t);
  const { request } = x;
  const bali = await x.publish('bali-process', 'Bali public');
  const baliOwn = await x.publish('bali-process', 'Bali own', { level: 'members' });
  const colombo = await x.publish('colombo-process', 'Colombo public');
  const puebla = await x.publish('puebla-process', 'Puebla public');
  const igcForColombo = await x.publish('igc', 'IGC for Colombo', {
    level: 'rcps',
    rcps: ['colombo-process'],
  });
  // Mexico joins the IGC (an admin change): its IGC items follow
  const joined = await request('PUT', '/v1/participants/igc/memberships/MX', 'admin', {
    role: 'member',
  });
  t.equal(joined.statusCode, 200, joined.body);
  const last = joined.json().seq as number;

  const ids = (res: { json(): unknown }) =>
    ((res.json() as { items: { id: string }[] }).items ?? []).map((i) => i.id).sort();
  const cases: [string, string, string[]][] = [
    // [who, memberState, expected practice ids]
    ['anonymous', 'TH', [bali.id, colombo.id]],
    ['bali-process', 'TH', [bali.id, baliOwn.id, colombo.id]],
    ['anonymous', 'MX', [puebla.id]],
    ['colombo-process', 'MX', [puebla.id, igcForColombo.id]],
    ['admin', 'MX', [puebla.id, igcForColombo.id]],
    ['bali-process', 'MX', [puebla.id]],
    ['anonymous', 'LK,MX', [bali.id, colombo.id, puebla.id]],
    ['anonymous', 'ZZ', []],
    // Malaysia: a member of the Bali Process, an observer of the Colombo Process (not counted)
    ['anonymous', 'MY', [bali.id]],
  ];
  // a crowd of readers at once, each with its memberState
  const results = await Promise.all(
    cases.flatMap(([who, states, want]) =>
      [0, 1, 2].map(async () => {
        const res = await request('GET', `/v1/practices?memberState=${states}&minSeq=${last}`, who);
        return { who, states, want, res };
      }),
    ),
  );
  for (const { who, states, want, res } of results) {
    t.equal(res.statusCode, 200, res.body);
    t.same(ids(res), [...want].sort(), `practices memberState=${states} as ${who}`);
  }
  t.same(
    ids(await request('GET', '/v1/search?q=public&memberStates=TH', 'anonymous')),
    [bali.id, colombo.id].sort(),
    'search',
  );

  const activity = (
    await request('GET', `/v1/activity?memberState=MX&limit=200`, 'colombo-process')
  ).json() as { items: { type: string; itemId: string }[] };
  t.same(
    activity.items.map((i) => i.type),
    ['org.rcpx.membership.changed', 'org.rcpx.practice.shared', 'org.rcpx.practice.shared'],
    'activity: the IGC change, the IGC item for Colombo and Puebla',
  );
  const events = JSON.parse(
    (await request('GET', '/v1/events?after=0&memberState=MX', 'anonymous')).body,
  ) as { source: string }[];
  t.same(
    events.map((e) => e.source),
    ['/participants/puebla-process', '/participants/igc'],
    '/v1/events: Puebla, and the IGC change (public); not the IGC item',
  );
  const link = (await request('GET', '/v1/events?after=0&memberState=MX', 'anonymous')).headers
    .link;
  t.match(link, /memberState=MX/, 'the next link keeps the filter');
  const atom = await request(
    'GET',
    '/v1/feeds/themes/trafficking.atom?memberState=MX',
    'anonymous',
  );
  t.equal(atom.statusCode, 200);
  t.match(atom.body, /Puebla public/);
  t.notMatch(atom.body, /Bali public|IGC for Colombo/);
  const stats = (await request('GET', '/v1/stats?recent=20&memberState=TH', 'anonymous')).json();
  t.same(
    (stats.recent as { itemId: string }[]).map((r) => r.itemId).sort(),
    [bali.id, colombo.id].sort(),
  );

  for (const path of [
    '/v1/practices',
    '/v1/activity',
    '/v1/events',
    '/v1/meetings',
    '/v1/feeds/themes/trafficking.atom',
  ]) {
    const res = await request('GET', `${path}?memberState=thailand`, 'anonymous');
    t.equal(res.statusCode, 400, `${path}: a bad code is a 400`);
  }

  t.test('webhook replay with memberStates', async (t) => {
    const sub = await request('POST', '/v1/subscriptions', 'colombo-process', {
      url: 'http://127.0.0.1:9/hooks',
      memberStates: ['MX'],
      active: false,
    });
    t.equal(sub.statusCode, 201, sub.body);
    const id = sub.json().id as string;
    await waitFor(async () => {
      const row = await x.db
        .selectFrom('consumer_checkpoints')
        .select('seq')
        .where('name', '=', 'webhooks')
        .executeTakeFirst();
      return Number(row?.seq ?? 0) >= last;
    });
    const replay = await request('POST', `/v1/subscriptions/${id}/replay`, 'colombo-process', {
      after: 0,
    });
    t.equal(replay.statusCode, 202, replay.body);
    const log = await request(
      'GET',
      `/v1/subscriptions/${id}/deliveries?limit=100`,
      'colombo-process',
    );
    t.same(
      (log.json().items as { seq: number }[]).map((d) => d.seq).sort((a, b) => a - b),
      [puebla.seq, igcForColombo.seq, last],
      'Puebla, the IGC item Colombo may read, and the IGC change',
    );
  });
});
