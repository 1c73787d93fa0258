import { test } from 'tap';
import { sql } from 'kysely';
import { EVENT_TYPES } from '@rcpx/contracts';
import { DATASET, IDS } from './test-dataset.ts';
import { seedEvents } from './test-fixtures.ts';
import { startQueryApp } from './test-app.ts';

const MISSING = '6d1f9c2e-4b7a-4e3d-9a5c-0000000000ff';
const DRAFT = '6d1f9c2e-4b7a-4e3d-9a5c-0000000000d1';

test('GET /v1/<kind>s/{id} and /versions', async (t) => {
  const q = await startQueryApp(t);
  await seedEvents(q.db, q.schema, DATASET);
  // A practice first shared to members only, then revised to public with new wording.
  const draft = {
    title: { en: 'Draft: regional labour mobility pilot' },
    themes: ['labour-migration'],
    visibility: { level: 'members' },
  };
  await seedEvents(q.db, q.schema, [
    { type: EVENT_TYPES.practiceShared, item: DRAFT, participant: 'bali-process', data: draft },
    {
      type: EVENT_TYPES.practiceRevised,
      item: DRAFT,
      participant: 'bali-process',
      data: {
        ...draft,
        title: { en: 'Regional labour mobility pilot' },
        visibility: { level: 'public' },
        changed: ['title', 'visibility'],
      },
    },
  ]);

  t.test('an item with its ETag; If-None-Match → 304', async (t) => {
    const res = await q.get(`/v1/practices/${IDS.recruitmentFees}`);
    t.equal(res.status, 200);
    t.equal(res.headers.etag, '"2"');
    t.match(res.headers.vary, /authorization/i);
    t.match(res.body, {
      id: IDS.recruitmentFees,
      kind: 'practice',
      participant: 'colombo-process',
      version: 2,
      status: 'active',
      seq: 13,
      title: { en: 'Capping recruitment fees charged to migrant workers' },
      countries: ['LK', 'PH', 'NP'],
    });
    t.notOk('changed' in res.body);

    for (const inm of ['"2"', 'W/"2"', '"1", "2"', '*']) {
      const nm = await q.get(`/v1/practices/${IDS.recruitmentFees}`, 'anonymous', {
        'if-none-match': inm,
      });
      t.equal(nm.status, 304, `If-None-Match: ${inm}`);
      t.equal(nm.body, null, 'no body');
      t.equal(nm.headers.etag, '"2"');
    }
    const stale = await q.get(`/v1/practices/${IDS.recruitmentFees}`, 'anonymous', {
      'if-none-match': '"1"',
    });
    t.equal(stale.status, 200, 'a stale tag gets the item');
  });

  t.test('meetings and publications by id', async (t) => {
    const m = await q.get(`/v1/meetings/${IDS.pueblaMinisterial}`);
    t.equal(m.status, 200);
    t.equal(m.headers.etag, '"1"');
    t.equal(m.body.meeting.hostCountry, 'CR');
    const p = await q.get(`/v1/publications/${IDS.iomIndicators}`);
    t.equal(p.status, 200);
    t.equal(p.body.kind, 'publication');
    t.equal(p.body.publicationKind, 'statistics');
    t.equal(p.body.url, 'https://publications.iom.int/books/mgi-southern-africa');
  });

  t.test('a withdrawn item is answered 200 with its status', async (t) => {
    const res = await q.get(`/v1/practices/${IDS.budapestReturn}`);
    t.equal(res.status, 200);
    t.equal(res.headers.etag, '"2"');
    t.equal(res.body.status, 'withdrawn');
    t.equal(res.body.withdrawal.reason, 'Superseded by the 2026 return and reintegration toolkit.');
    t.same(res.body.title, { en: 'Assisted voluntary return along the Silk Routes' });
  });

  t.test('missing, other kind and hidden are the same 404', async (t) => {
    const missing = await q.get(`/v1/practices/${MISSING}`);
    t.equal(missing.status, 404);
    t.match(missing.headers['content-type'], /application\/problem\+json/);
    const cases = [
      ['practices', IDS.pueblaMinisterial, 'admin'], // a meeting
      ['practices', IDS.baliBorderExercise, 'anonymous'], // members of bali-process
      ['practices', IDS.baliBorderExercise, 'colombo-process'],
      ['practices', IDS.preDeparture, 'iom'], // rcps [colombo-process]
      ['meetings', IDS.baliSom, 'iom'],
      ['publications', IDS.apcDisplacement, 'colombo-process'],
    ] as const;
    for (const [collection, id, reader] of cases) {
      const res = await q.get(`/v1/${collection}/${id}`, reader);
      const none = await q.get(`/v1/${collection}/${MISSING}`, reader);
      t.equal(res.status, 404, `${collection}/${id} as ${reader}`);
      t.same(
        { ...res.body, instance: undefined },
        { ...none.body, instance: undefined },
        'the same problem as for a missing item',
      );
      t.notOk(res.headers.etag, 'no ETag leaks the version');
    }
    t.same(missing.body, {
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'No such practice.',
      instance: `/v1/practices/${MISSING}`,
    });
    const hidden304 = await q.get(`/v1/practices/${IDS.baliBorderExercise}`, 'iom', {
      'if-none-match': '*',
    });
    t.equal(hidden304.status, 404, 'If-None-Match does not reveal a hidden item');

    t.equal((await q.get(`/v1/practices/${IDS.baliBorderExercise}`, 'bali-process')).status, 200);
    t.equal((await q.get(`/v1/practices/${IDS.preDeparture}`, 'colombo-process')).status, 200);
    t.equal((await q.get(`/v1/publications/${IDS.apcDisplacement}`, 'iom')).status, 200);
    t.equal((await q.get(`/v1/meetings/${IDS.baliSom}`, 'admin')).status, 200);
  });

  t.test('a malformed id is 400', async (t) => {
    const res = await q.get('/v1/practices/not-a-uuid');
    t.equal(res.status, 400);
    t.equal(res.body.errors[0].path, 'params.id');
  });

  t.test('versions: the history, oldest first', async (t) => {
    const res = await q.get(`/v1/practices/${IDS.recruitmentFees}/versions`);
    t.equal(res.status, 200);
    t.equal(res.body.id, IDS.recruitmentFees);
    t.equal(res.body.kind, 'practice');
    t.same(
      res.body.items.map((v: { version: number; seq: number; type: string }) => [
        v.version,
        v.seq,
        v.type,
      ]),
      [
        [1, 1, EVENT_TYPES.practiceShared],
        [2, 13, EVENT_TYPES.practiceRevised],
      ],
    );
    t.same(res.body.items[1].data.changed, ['body'], 'each version is the event data as written');
    t.notOk('body' in res.body.items[0].data);
    t.ok(Date.parse(res.body.items[0].time) > 0);

    const withdrawn = await q.get(`/v1/practices/${IDS.budapestReturn}/versions`);
    t.same(
      withdrawn.body.items.map((v: { type: string }) => v.type),
      [EVENT_TYPES.practiceShared, EVENT_TYPES.practiceWithdrawn],
    );
    const meeting = await q.get(`/v1/meetings/${IDS.pueblaMinisterial}/versions`);
    t.equal(meeting.body.items.length, 1);
  });

  t.test('versions: events of types the exchange does not know are not versions', async (t) => {
    const envelope = {
      specversion: '1.0',
      id: '6d1f9c2e-4b7a-4e3d-9a5c-0000000000f1',
      source: '/participants/iom',
      type: 'org.rcpx.practice.featured',
      subject: `practices/${IDS.recruitmentFees}`,
      time: '2026-11-30T09:00:00Z',
      datacontenttype: 'application/json',
      rcpxseq: 1000,
      rcpxversion: 3,
      data: { note: 'featured' },
    };
    await sql`insert into ${sql.table(`${q.schema}.events`)}
      (seq, id, type, kind, item_id, participant, themes, vis_level, time, envelope)
      values (1000, ${envelope.id}, ${envelope.type}, 'practice', ${IDS.recruitmentFees}, 'iom',
              '{}', 'public', ${envelope.time}, ${JSON.stringify(envelope)})`.execute(q.db);
    t.teardown(async () => {
      await sql`delete from ${sql.table(`${q.schema}.events`)} where seq = 1000`.execute(q.db);
    });
    const res = await q.get(`/v1/practices/${IDS.recruitmentFees}/versions`, 'admin');
    t.same(
      res.body.items.map((v: { version: number }) => v.version),
      [1, 2],
    );
  });

  t.test('versions: visibility of the item, and of each version as published', async (t) => {
    for (const [url, reader] of [
      [`/v1/practices/${IDS.baliBorderExercise}/versions`, 'anonymous'],
      [`/v1/practices/${IDS.preDeparture}/versions`, 'iom'],
      [`/v1/meetings/${IDS.recruitmentFees}/versions`, 'admin'],
      [`/v1/practices/${MISSING}/versions`, 'admin'],
    ] as const) {
      const res = await q.get(url, reader);
      t.equal(res.status, 404, `${url} as ${reader}`);
      t.equal(
        res.body.detail,
        url.includes('meetings') ? 'No such meeting outcome.' : 'No such practice.',
      );
    }
    t.equal(
      (await q.get(`/v1/practices/${IDS.preDeparture}/versions`, 'colombo-process')).status,
      200,
    );

    const versions = async (reader: 'anonymous' | 'colombo-process' | 'bali-process' | 'admin') =>
      (await q.get(`/v1/practices/${DRAFT}/versions`, reader)).body.items.map(
        (v: { version: number }) => v.version,
      );
    t.same(await versions('anonymous'), [2], 'the members-only draft stays hidden');
    t.same(await versions('colombo-process'), [2]);
    t.same(await versions('bali-process'), [1, 2], 'the owner sees its draft');
    t.same(await versions('admin'), [1, 2]);
    const item = await q.get(`/v1/practices/${DRAFT}`);
    t.equal(item.status, 200);
    t.same(item.body.title, { en: 'Regional labour mobility pilot' });
  });
});
