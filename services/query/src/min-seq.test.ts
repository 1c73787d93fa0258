import { test } from 'tap';
import { EVENT_TYPES } from '@rcpx/contracts';
import { DATASET } from './test-dataset.ts';
import { seedEvents, setCheckpoint } from './test-fixtures.ts';
import { startQueryApp } from './test-app.ts';

const NEW = '6d1f9c2e-4b7a-4e3d-9a5c-0000000000a1';

test('read-your-writes: minSeq and Rcpx-Seq', async (t) => {
  const q = await startQueryApp(t);
  await seedEvents(q.db, q.schema, DATASET);

  t.test('every read answers Rcpx-Seq (the checkpoint)', async (t) => {
    for (const url of [
      '/v1/practices',
      `/v1/practices/${'6d1f9c2e-4b7a-4e3d-9a5c-000000000001'}`,
      `/v1/practices/${'6d1f9c2e-4b7a-4e3d-9a5c-000000000001'}/versions`,
      '/v1/activity',
      '/v1/themes',
      '/v1/themes/asylum',
      '/v1/participants',
      '/v1/participants/iom',
    ]) {
      const res = await q.get(url);
      t.equal(res.status, 200, url);
      t.equal(res.headers['rcpx-seq'], '14', url);
      const reached = await q.get(`${url}?minSeq=14`);
      t.equal(reached.status, 200, `${url}?minSeq=14 (reached)`);
      t.equal((await q.get(`${url}?minSeq=0`)).status, 200);
    }
  });

  t.test('a read waits while the projector catches up', async (t) => {
    let settled = false;
    const pending = q.get(`/v1/practices/${NEW}?minSeq=16`, 'colombo-process').finally(() => {
      settled = true;
    });
    const listing = q.get('/v1/practices?minSeq=16&participant=colombo-process', 'colombo-process');
    // The projector writes the rows, then moves its checkpoint.
    await seedEvents(
      q.db,
      q.schema,
      [
        {
          type: EVENT_TYPES.practiceShared,
          item: NEW,
          participant: 'colombo-process',
          data: {
            title: { en: 'Skills recognition for returning workers' },
            themes: ['return-reintegration', 'labour-migration'],
            visibility: { level: 'members' },
          },
        },
        {
          type: EVENT_TYPES.practiceRevised,
          item: NEW,
          participant: 'colombo-process',
          data: {
            title: { en: 'Skills recognition for returning migrant workers' },
            themes: ['return-reintegration', 'labour-migration'],
            visibility: { level: 'members' },
            changed: ['title'],
          },
        },
      ],
      { checkpoint: false },
    );
    t.equal(settled, false, 'still waiting: the checkpoint is behind minSeq');
    await setCheckpoint(q.db, q.schema, 15);
    await setCheckpoint(q.db, q.schema, 16);
    const res = await pending;
    t.equal(res.status, 200);
    t.equal(res.headers['rcpx-seq'], '16');
    t.equal(res.body.version, 2);
    t.same(res.body.title, { en: 'Skills recognition for returning migrant workers' });
    const list = await listing;
    t.equal(list.status, 200);
    t.equal(list.body.items[0].id, NEW, 'the new item heads the list');
  });

  t.test('503 with Retry-After when the checkpoint does not reach minSeq within 5 s', async (t) => {
    const res = await q.get('/v1/practices?minSeq=1000');
    t.equal(res.status, 503);
    t.match(res.headers['content-type'], /application\/problem\+json/);
    t.ok(Number(res.headers['retry-after']) >= 1, 'Retry-After');
    t.match(res.body, { status: 503, title: 'Service Unavailable', detail: /1000/ });
  });
});
