import { test } from 'tap';
import { startTestExchange } from './test-exchange.ts';

// End to end: a revised meeting and a withdrawn publication, through the projector, in the read
// models (detail, versions, search, lists, activity).

test('a revised meeting and a withdrawn publication in the read models', async (t) => {
  const x = await startTestExchange(t, { admin: 'revise-kinds-admin' });
  const call = async (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    payload?: object,
    headers = {},
  ) => {
    const res = await x.request(method, url, 'iom', payload, headers);
    return { status: res.statusCode, body: res.json() as Record<string, unknown> };
  };

  const created = await call('POST', '/v1/meetings', {
    meeting: {
      title: { en: 'Regional labour dialogue' },
      level: 'technical-workshop',
      startsOn: '2025-03-03',
    },
    outcomes: [{ kind: 'recommendation', text: { en: 'Map recruitment fees.' } }],
    themes: ['labour-migration'],
  });
  t.equal(created.status, 201);
  const id = created.body.id as string;
  const revised = await call(
    'PATCH',
    `/v1/meetings/${id}`,
    {
      meeting: {
        title: { en: 'Regional dialogue on seafarers' },
        level: 'technical-workshop',
        startsOn: '2025-03-03',
      },
      outcomes: [
        {
          ref: 'r1',
          kind: 'recommendation',
          text: { en: 'Map recruitment fees.' },
          dueOn: '2025-12-31',
        },
        {
          kind: 'action-plan',
          text: { en: 'Publish a seafarers handbook.' },
          addressees: ['bali-process'],
        },
      ],
    },
    { 'if-match': '"1"' },
  );
  t.equal(revised.status, 200);
  const seq = revised.body.seq as number;

  const detail = await call('GET', `/v1/meetings/${id}?minSeq=${seq}`);
  t.match(detail.body, {
    version: 2,
    status: 'active',
    meeting: { title: { en: 'Regional dialogue on seafarers' } },
    outcomes: [
      { ref: 'r1', dueOn: '2025-12-31' },
      { ref: 'r2', addressees: ['bali-process'] },
    ],
  });
  t.notOk('changed' in detail.body, 'changed is not part of the item');
  const versions = await call('GET', `/v1/meetings/${id}/versions?minSeq=${seq}`);
  t.match(versions.body, {
    items: [
      { version: 1, type: 'org.rcpx.meeting.outcome.recorded' },
      { version: 2, type: 'org.rcpx.meeting.revised', data: { changed: ['meeting', 'outcomes'] } },
    ],
  });
  const search = await call('GET', `/v1/search?q=seafarers&minSeq=${seq}`);
  t.same(
    (search.body.items as { id: string }[]).map((i) => i.id),
    [id],
    'search finds the revised text',
  );

  const pub = await call('POST', '/v1/publications', {
    title: { en: 'Handbook on ethical recruitment' },
    kind: 'guidelines',
    url: 'https://publications.iom.int/handbook',
    themes: ['labour-migration'],
  });
  const pubId = pub.body.id as string;
  const withdrawn = await call('DELETE', `/v1/publications/${pubId}`, { reason: 'Superseded.' });
  t.equal(withdrawn.status, 200);
  const after = withdrawn.body.seq as number;
  t.match((await call('GET', `/v1/publications/${pubId}?minSeq=${after}`)).body, {
    status: 'withdrawn',
    version: 2,
  });
  const list = await call('GET', `/v1/publications?minSeq=${after}`);
  t.notOk(
    (list.body.items as { id: string }[]).some((i) => i.id === pubId),
    'the list leaves out the withdrawn publication',
  );
  const activity = await call(
    'GET',
    `/v1/activity?types=org.rcpx.publication.withdrawn&minSeq=${after}`,
  );
  t.equal((activity.body.items as unknown[]).length, 1, 'the withdrawal is in the activity');
});

test('a revision that removes optional fields (null) in the read models', async (t) => {
  const x = await startTestExchange(t, { admin: 'revise-remove-admin' });
  const call = async (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => {
    const res = await x.request(method, url, 'bali-process', payload, { 'if-match': '"1"' });
    return { status: res.statusCode, body: res.body };
  };
  const json = (r: { body: string }) => JSON.parse(r.body) as Record<string, unknown>;

  const created = await call('POST', '/v1/practices', {
    title: { en: 'Return counselling' },
    summary: { en: 'Counsellors meet albatross returnees.', fr: 'Des conseillers.' },
    countries: ['ID'],
    contact: 'returns@example.org',
    themes: ['return-reintegration'],
  });
  t.equal(created.status, 201);
  const id = json(created).id as string;
  const required = await call('PATCH', `/v1/practices/${id}`, { title: null, themes: null });
  t.equal(required.status, 400, 'a required field cannot be removed');
  t.match(json(required), { errors: [{ path: 'body.title' }, { path: 'body.themes' }] });

  const revised = await call('PATCH', `/v1/practices/${id}`, { summary: null, countries: null });
  t.equal(revised.status, 200);
  const seq = json(revised).seq as number;

  const detail = json(await call('GET', `/v1/practices/${id}?minSeq=${seq}`));
  t.match(detail, {
    version: 2,
    title: { en: 'Return counselling' },
    contact: 'returns@example.org',
  });
  t.notOk('summary' in detail, 'the summary is removed');
  t.notOk('countries' in detail, 'the countries are removed');
  const versions = json(await call('GET', `/v1/practices/${id}/versions?minSeq=${seq}`));
  t.match(versions, {
    items: [{ version: 1 }, { version: 2, data: { changed: ['summary', 'countries'] } }],
  });
  const ids = (r: { body: string }) => (json(r).items as { id: string }[]).map((i) => i.id);
  t.same(ids(await call('GET', `/v1/search?q=albatross&minSeq=${seq}`)), [], 'search forgets it');
  t.same(ids(await call('GET', `/v1/practices?countries=ID&minSeq=${seq}`)), [], 'no country');
  t.same(ids(await call('GET', `/v1/practices?minSeq=${seq}`)), [id]);
  const atom = await call('GET', `/v1/feeds/themes/return-reintegration.atom`);
  t.equal(atom.status, 200);
  t.match(atom.body, /Return counselling/);
  const [, latest = '', first = ''] = atom.body.split('<entry');
  t.notMatch(latest, /albatross/, "the feed's newest entry (the revision) has no summary");
  t.match(first, /albatross/, 'the first version had one');
});
