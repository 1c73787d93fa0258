import { test } from 'tap';
import { DATASET, IDS } from './test-dataset.ts';
import { seedEvents } from './test-fixtures.ts';
import { startQueryApp } from './test-app.ts';

const ids = (body: { items: { id: string }[] }) => body.items.map((i) => i.id);

test('GET /v1/practices|meetings|publications', async (t) => {
  const q = await startQueryApp(t);
  await seedEvents(q.db, q.schema, DATASET);

  t.test('an anonymous list: public active items, newest change first', async (t) => {
    const res = await q.get('/v1/practices');
    t.equal(res.status, 200);
    t.match(res.headers['content-type'], /application\/json/);
    t.same(ids(res.body), [
      IDS.recruitmentFees,
      IDS.igcAsylum,
      IDS.pueblaVictims,
      IDS.mediterraneanTrafficking,
    ]);
    t.equal(res.body.nextCursor, null);
    const first = res.body.items[0];
    t.same(
      first,
      {
        id: IDS.recruitmentFees,
        kind: 'practice',
        participant: 'colombo-process',
        version: 2,
        status: 'active',
        seq: 13,
        createdAt: first.createdAt,
        updatedAt: first.updatedAt,
        title: { en: 'Capping recruitment fees charged to migrant workers' },
        summary: {
          en: 'Countries of origin agreed a ceiling on the fees private recruitment agencies may charge workers recruited for overseas employment.',
        },
        body: {
          en: 'Sri Lanka and Nepal publish the ceilings and license agencies that respect them; complaints are handled by the labour attaché.',
        },
        themes: ['labour-migration', 'human-rights'],
        countries: ['LK', 'PH', 'NP'],
        visibility: { level: 'public' },
        contact: 'Colombo Process Technical Support Unit',
      },
      'metadata and the fields of the item, flattened (no `changed`)',
    );
    t.ok(Date.parse(first.createdAt) < Date.parse(first.updatedAt), 'created before revised');
  });

  t.test('meetings and publications', async (t) => {
    const meetings = await q.get('/v1/meetings');
    t.same(ids(meetings.body), [IDS.pueblaMinisterial]);
    const m = meetings.body.items[0];
    t.equal(m.kind, 'meeting');
    t.same(m.title, m.meeting.title, 'a meeting has its title at the top level too');
    t.equal(m.outcomes[0].kind, 'declaration');
    t.same(ids((await q.get('/v1/meetings', 'bali-process')).body), [
      IDS.baliSom,
      IDS.pueblaMinisterial,
    ]);

    const pubs = await q.get('/v1/publications');
    t.same(ids(pubs.body), [IDS.midsaModelLaw, IDS.iomIndicators]);
    t.equal(
      pubs.body.items[0].kind,
      'model-legislation' === pubs.body.items[0].kind ? 'x' : 'publication',
      'item kind wins over the data field `kind`',
    );
    t.same(ids((await q.get('/v1/publications', 'iom')).body), [
      IDS.apcDisplacement,
      IDS.midsaModelLaw,
      IDS.iomIndicators,
    ]);
  });

  t.test('status: withdrawn items only on request', async (t) => {
    t.same(ids((await q.get('/v1/practices?status=withdrawn')).body), [IDS.budapestReturn]);
    const all = await q.get('/v1/practices?status=all');
    t.same(ids(all.body), [
      IDS.budapestReturn,
      IDS.recruitmentFees,
      IDS.igcAsylum,
      IDS.pueblaVictims,
      IDS.mediterraneanTrafficking,
    ]);
    const withdrawn = all.body.items[0];
    t.equal(withdrawn.status, 'withdrawn');
    t.equal(withdrawn.version, 2);
    t.equal(
      withdrawn.withdrawal.reason,
      'Superseded by the 2026 return and reintegration toolkit.',
    );
  });

  t.test('filters: theme, participant, country, combined', async (t) => {
    t.same(ids((await q.get('/v1/practices?theme=trafficking')).body), [
      IDS.pueblaVictims,
      IDS.mediterraneanTrafficking,
    ]);
    t.same(ids((await q.get('/v1/practices?theme=trafficking', 'bali-process')).body), [
      IDS.preDeparture,
      IDS.pueblaVictims,
      IDS.mediterraneanTrafficking,
    ]);
    t.same(ids((await q.get('/v1/practices?participant=igc')).body), [IDS.igcAsylum]);
    t.same(ids((await q.get('/v1/practices?participant=bali-process')).body), []);
    t.same(ids((await q.get('/v1/practices?participant=bali-process', 'admin')).body), [
      IDS.preDeparture,
      IDS.baliBorderExercise,
    ]);
    t.same(ids((await q.get('/v1/practices?country=LK')).body), [IDS.recruitmentFees]);
    t.same(ids((await q.get('/v1/practices?country=LK', 'colombo-process')).body), [
      IDS.recruitmentFees,
      IDS.preDeparture,
    ]);
    t.same(ids((await q.get('/v1/meetings?country=CR')).body), [IDS.pueblaMinisterial]);
    t.same(
      ids(
        (await q.get('/v1/practices?theme=human-rights&country=MX&participant=puebla-process'))
          .body,
      ),
      [IDS.pueblaVictims],
    );
    t.same(
      ids((await q.get('/v1/practices?theme=human-rights&country=LK&participant=igc')).body),
      [],
    );
  });

  t.test('full text in English (stemmed), French and Spanish', async (t) => {
    const search = async (path: string, text: string, reader?: 'admin') =>
      ids((await q.get(`${path}?q=${encodeURIComponent(text)}`, reader)).body);
    t.same(
      await search('/v1/practices', 'recruiting'),
      [IDS.recruitmentFees],
      'recruiting ~ recruitment',
    );
    t.same(await search('/v1/practices', 'fee ceiling', 'admin'), [IDS.recruitmentFees]);
    t.same(await search('/v1/practices', 'traité des êtres humains'), [
      IDS.mediterraneanTrafficking,
    ]);
    t.same(await search('/v1/practices', 'traite des êtres humains'), [
      IDS.mediterraneanTrafficking,
    ]);
    t.same(await search('/v1/practices', 'victimes témoins'), [IDS.mediterraneanTrafficking]);
    t.same(await search('/v1/practices', 'trata de personas'), [IDS.pueblaVictims]);
    t.same(await search('/v1/practices', 'retorno asistido'), [IDS.pueblaVictims]);
    t.same(
      await search('/v1/practices', 'víctima'),
      [IDS.pueblaVictims, IDS.mediterraneanTrafficking],
      'a word matches in every language it stems to (víctimas, victimes)',
    );
    t.same(await search('/v1/practices', 'demandes infondées'), [IDS.igcAsylum]);
    t.same(await search('/v1/meetings', 'reunión viceministerial'), [IDS.pueblaMinisterial]);
    t.same(await search('/v1/meetings', 'migrants in transit'), [IDS.pueblaMinisterial]);
    t.same(await search('/v1/publications', 'main-d’œuvre'), [IDS.midsaModelLaw]);
    t.same(await search('/v1/practices', '"recruitment fees" -nepal'), [], 'websearch syntax');
    t.same(await search('/v1/practices', 'recruitment OR asylum'), [
      IDS.recruitmentFees,
      IDS.igcAsylum,
    ]);
    t.same(
      await search('/v1/practices', 'Technical Support Unit'),
      [IDS.recruitmentFees],
      'plain text',
    );
    const odd = await q.get(`/v1/practices?q=${encodeURIComponent(`'&|!:*()<->"`)}`);
    t.equal(odd.status, 200, 'any text is a query, never an error');
    t.same(odd.body.items, []);
  });

  t.test('cursor paging visits every item exactly once', async (t) => {
    for (const [path, reader, limit, expected] of [
      ['/v1/practices?status=all', 'admin', 2, 7],
      ['/v1/practices?status=all', 'admin', 1, 7],
      ['/v1/practices?status=all', 'admin', 7, 7],
      ['/v1/practices', 'anonymous', 3, 4],
      ['/v1/practices?theme=trafficking', 'colombo-process', 1, 3],
      ['/v1/publications', 'iom', 2, 3],
    ] as const) {
      const seen: string[] = [];
      const seqs: number[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const sep = path.includes('?') ? '&' : '?';
        const url: string = `${path}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
        const res = await q.get(url, reader);
        t.equal(res.status, 200);
        t.ok(res.body.items.length <= limit);
        seen.push(...ids(res.body));
        seqs.push(...res.body.items.map((i: { seq: number }) => i.seq));
        cursor = res.body.nextCursor;
        pages += 1;
      } while (cursor !== null && pages < 20);
      t.equal(seen.length, expected, `${path} as ${reader}, limit ${limit}: all items`);
      t.equal(new Set(seen).size, expected, 'none twice');
      t.same(
        seqs,
        [...seqs].sort((a, b) => b - a),
        'newest first across pages',
      );
      t.equal(pages, Math.max(1, Math.ceil(expected / limit)), 'no empty trailing page');
    }
  });
});
