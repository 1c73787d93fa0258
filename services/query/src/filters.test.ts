import { test } from 'tap';
import { DATASET, IDS } from './test-dataset.ts';
import { seedEvents } from './test-fixtures.ts';
import { startQueryApp } from './test-app.ts';
import type { ReaderName } from './test-app.ts';

const REVISED = 'org.rcpx.practice.revised';
const WITHDRAWN = 'org.rcpx.practice.withdrawn';
const SHARED = 'org.rcpx.practice.shared';
const RELEASED = 'org.rcpx.publication.released';

test('one set of filters on lists, activity and stats', async (t) => {
  const q = await startQueryApp(t);
  await seedEvents(q.db, q.schema, DATASET);
  const ok = async (url: string, reader: ReaderName = 'anonymous') => {
    const res = await q.get(url, reader);
    if (res.status !== 200)
      throw new Error(`${url} as ${reader}: ${res.status} ${res.body?.detail}`);
    return res.body;
  };
  const ids = async (url: string, reader?: ReaderName) =>
    (await ok(url, reader)).items.map((i: { id: string }) => i.id);
  const seqs = async (url: string, reader?: ReaderName) =>
    (await ok(url, reader)).items.map((e: { seq: number }) => e.seq);
  const recent = async (url: string, reader?: ReaderName) =>
    (await ok(url, reader)).recent.map((e: { seq: number }) => e.seq);

  t.test('lists: plural, singular alias, both, OR within and AND across lists', async (t) => {
    const trafficking = [IDS.pueblaVictims, IDS.mediterraneanTrafficking];
    t.same(await ids('/v1/practices?themes=trafficking'), trafficking, 'plural (was ignored)');
    t.same(await ids('/v1/practices?theme=trafficking'), trafficking, 'singular alias');
    t.same(await ids('/v1/practices?themes=trafficking,asylum'), [IDS.igcAsylum, ...trafficking]);
    t.same(
      await ids('/v1/practices?themes=trafficking&themes=asylum'),
      [IDS.igcAsylum, ...trafficking],
      'repeated',
    );
    t.same(
      await ids('/v1/practices?themes=trafficking&theme=asylum'),
      [IDS.igcAsylum, ...trafficking],
      'alias and plural join into one list',
    );
    t.same(
      await ids('/v1/practices?themes=trafficking,asylum&countries=FR,CR'),
      trafficking,
      'AND across lists, OR within each',
    );
    t.same(
      await ids('/v1/practices?themes=trafficking,asylum&countries=FR,CR&participants=5plus5,apc'),
      [IDS.mediterraneanTrafficking],
    );
    t.same(await ids('/v1/practices?country=CR'), [IDS.pueblaVictims]);
    t.same(await ids('/v1/practices?participant=igc'), [IDS.igcAsylum]);
    t.same(
      await ids('/v1/practices?countries=LK', 'colombo-process'),
      [IDS.recruitmentFees, IDS.preDeparture],
      'countries overlap; visibility still applies',
    );
    t.same(await ids('/v1/practices?countries=LK'), [IDS.recruitmentFees]);
    t.same(await ids(`/v1/practices?types=${REVISED}`), [IDS.recruitmentFees], 'revised once');
    t.same(await ids(`/v1/practices?types=${WITHDRAWN}&status=all`), [IDS.budapestReturn]);
    t.same(await ids(`/v1/meetings?type=${REVISED}`), []);
    t.same(await ids('/v1/publications?themes=legislation,data-statistics'), [
      IDS.midsaModelLaw,
      IDS.iomIndicators,
    ]);
    t.same(await ids('/v1/publications?themes=asylum', 'iom'), [IDS.apcDisplacement]);
    t.same(await ids('/v1/publications?themes=asylum'), [], 'hidden stays hidden');
    t.same(await ids('/v1/meetings?themes=&participants='), [IDS.pueblaMinisterial], 'empty lists');
  });

  t.test('activity: the same filters', async (t) => {
    t.same(await seqs('/v1/activity?themes=trafficking,asylum'), [7, 3, 2]);
    t.same(await seqs('/v1/activity?theme=trafficking'), [3, 2]);
    t.same(await seqs('/v1/activity?themes=trafficking&theme=asylum'), [7, 3, 2]);
    t.same(await seqs(`/v1/activity?types=${REVISED},${WITHDRAWN}`), [14, 13]);
    t.same(await seqs(`/v1/activity?type=${RELEASED}&types=${REVISED}`), [13, 11, 10]);
    t.same(await seqs(`/v1/activity?participants=puebla-process,igc&type=${SHARED}`), [7, 3]);
    t.same(await seqs('/v1/activity?countries=CR,CH'), [8, 7, 3]);
    t.same(await seqs('/v1/activity?countries=CR,CH&themes=asylum'), [7]);
    t.same(await seqs('/v1/activity?participants=bali-process'), [], 'hidden stays hidden');
    t.same(await seqs('/v1/activity?participants=bali-process', 'admin'), [9, 5, 4]);
  });

  t.test('stats: the filters choose the recent events', async (t) => {
    t.same(await recent('/v1/stats?recent=20&themes=trafficking'), [3, 2]);
    t.same(await recent('/v1/stats?recent=20&theme=trafficking'), [3, 2]);
    t.same(await recent('/v1/stats?recent=20&participant=puebla-process'), [8, 3]);
    t.same(await recent(`/v1/stats?recent=20&types=${RELEASED}`), [11, 10]);
    t.same(await recent(`/v1/stats?recent=20&types=${RELEASED}`, 'iom'), [12, 11, 10]);
    t.same(await recent('/v1/stats?recent=20&countries=LK'), [13, 1]);
  });

  t.test('an unknown parameter is a 400 naming the allowed ones', async (t) => {
    for (const url of [
      '/v1/practices?thme=trafficking',
      '/v1/meetings?foo=1',
      '/v1/activity?themes=trafficking&page=2',
      '/v1/stats?recent=1&country_code=FR',
    ]) {
      const res = await q.get(url);
      t.equal(res.status, 400, url);
      t.match(res.headers['content-type'], /application\/problem\+json/);
      t.match(res.body.detail, /unknown query parameter/, url);
      t.match(res.body.detail, /allowed: .*themes.*types/, url);
      t.match(res.body.errors, [{ path: 'query', message: /allowed: / }]);
    }
    const res = await q.get('/v1/practices?thme=trafficking');
    t.match(res.body.detail, '"thme"');
    t.match(
      res.body.detail,
      'allowed: access_token, countries, country, cursor, limit, memberState, memberStates, minSeq, participant, ' +
        'participants, q, status, theme, themes, type, types',
    );
  });

  t.test('bad filter values are 400s: unknown type, theme, participant, country', async (t) => {
    for (const url of [
      '/v1/activity?type=org.rcpx.request.opened',
      '/v1/activity?types=org.rcpx.practice.shared,org.rcpx.nope',
      '/v1/practices?types=practice',
      '/v1/practices?themes=trafficking,nope',
      '/v1/practices?participants=nobody-here',
      '/v1/practices?countries=fr',
      '/v1/stats?types=org.rcpx.nope',
    ]) {
      const res = await q.get(url);
      t.equal(res.status, 400, url);
      t.match(res.body.errors, [{ path: /^query\./ }], url);
    }
    const res = await q.get('/v1/activity?type=org.rcpx.request.opened');
    t.match(res.body.detail, /org\.rcpx\.practice\.shared/, 'names the known types');
  });

  t.test('parameters that were allowed still are', async (t) => {
    const token = q.auth('iom').authorization!.slice('Bearer '.length);
    t.same(
      await ids(`/v1/publications?themes=asylum&access_token=${token}`),
      [IDS.apcDisplacement],
      'access_token',
    );
    t.equal((await q.get('/v1/practices?minSeq=1&limit=1&q=fees&status=all')).status, 200);
    t.equal((await q.get('/v1/activity?minSeq=1&limit=1&q=fees')).status, 200);
    t.equal((await q.get('/v1/stats?asOf=3&recent=2&minSeq=1')).status, 200);
  });
});
