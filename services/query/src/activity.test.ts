import { test } from 'tap';
import { CloudEvent, EVENT_TYPES } from '@rcpx/contracts';
import { DATASET, IDS } from './test-dataset.ts';
import { seedEvents } from './test-fixtures.ts';
import { startQueryApp } from './test-app.ts';
import type { ReaderName } from './test-app.ts';

test('GET /v1/activity', async (t) => {
  const q = await startQueryApp(t);
  await seedEvents(q.db, q.schema, DATASET);
  const seqs = async (query: string, reader: ReaderName = 'anonymous') => {
    const res = await q.get(`/v1/activity${query}`, reader);
    if (res.status !== 200) throw new Error(`${query} as ${reader}: ${res.status}`);
    return res.body.items.map((e: { seq: number }) => e.seq);
  };

  t.test('the timeline the reader may see, newest first', async (t) => {
    t.same(await seqs(''), [14, 13, 11, 10, 8, 7, 6, 3, 2, 1]);
    t.same(await seqs('', 'admin'), [14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    t.same(await seqs('', 'bali-process'), [14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    t.same(await seqs('', 'colombo-process'), [14, 13, 11, 10, 8, 7, 6, 5, 3, 2, 1]);
    t.same(await seqs('', 'iom'), [14, 13, 12, 11, 10, 8, 7, 6, 3, 2, 1]);
  });

  t.test('an entry: who, what, which item, and the CloudEvent', async (t) => {
    const res = await q.get('/v1/activity?limit=2');
    const [withdrawn, revised] = res.body.items;
    t.match(withdrawn, {
      seq: 14,
      type: EVENT_TYPES.practiceWithdrawn,
      participant: 'budapest-process',
      itemId: IDS.budapestReturn,
      kind: 'practice',
      title: { en: 'Assisted voluntary return along the Silk Routes' },
      version: 2,
    });
    t.match(revised, {
      seq: 13,
      type: EVENT_TYPES.practiceRevised,
      participant: 'colombo-process',
      itemId: IDS.recruitmentFees,
      version: 2,
      event: {
        specversion: '1.0',
        source: '/participants/colombo-process',
        type: EVENT_TYPES.practiceRevised,
        subject: `practices/${IDS.recruitmentFees}`,
        rcpxseq: 13,
        rcpxversion: 2,
        data: { changed: ['body'] },
      },
    });
    t.ok(CloudEvent.safeParse(revised.event).success, 'a valid CloudEvent of the exchange');
    t.equal(revised.time, revised.event.time);
    t.type(res.body.nextCursor, 'string');

    const meeting = (await q.get('/v1/activity?type=org.rcpx.meeting.outcome.recorded')).body
      .items[0];
    t.same(meeting.title, {
      es: 'XXVII Reunión Viceministerial de la Conferencia Regional sobre Migración',
      en: 'XXVII Vice-Ministerial Meeting of the Regional Conference on Migration',
    });
    t.equal(meeting.kind, 'meeting');
  });

  t.test('filters: type, theme, participant, country, q', async (t) => {
    t.same(await seqs('?type=org.rcpx.practice.revised'), [13]);
    t.same(await seqs('?type=org.rcpx.publication.released', 'iom'), [12, 11, 10]);
    t.same(await seqs('?theme=trafficking'), [3, 2]);
    t.same(await seqs('?theme=trafficking', 'bali-process'), [5, 3, 2]);
    t.same(await seqs('?participant=puebla-process'), [8, 3]);
    t.same(await seqs('?participant=bali-process'), []);
    t.same(await seqs('?participant=bali-process', 'colombo-process'), [5]);
    t.same(await seqs('?country=CR'), [8, 3], 'a meeting host country and a practice country');
    t.same(await seqs('?q=recruitment'), [13, 1], 'every event of the matching item');
    t.same(await seqs(`?q=${encodeURIComponent('trata de personas')}`), [3]);
    t.same(await seqs(`?q=${encodeURIComponent('traité des êtres humains')}`), [2]);
    t.same(await seqs('?q=surveillance'), [], 'no match through a hidden item');
    t.same(await seqs('?q=surveillance', 'bali-process'), [4]);
    t.same(await seqs('?q=recruitment&type=org.rcpx.practice.shared&theme=labour-migration'), [1]);
  });

  t.test('cursor paging visits every event exactly once', async (t) => {
    for (const limit of [1, 3, 14]) {
      const seen: number[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res: { body: { items: { seq: number }[]; nextCursor: string | null } } = await q.get(
          `/v1/activity?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
          'admin',
        );
        seen.push(...res.body.items.map((e) => e.seq));
        cursor = res.body.nextCursor;
        pages += 1;
      } while (cursor !== null && pages < 30);
      t.same(seen, [14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1], `limit ${limit}`);
      t.equal(pages, Math.ceil(14 / limit));
    }
    const items = (await q.get('/v1/practices?limit=1')).body;
    const wrongKind = await q.get(`/v1/activity?cursor=${items.nextCursor}`);
    t.equal(wrongKind.status, 200, 'an item cursor carries a seq, usable here');
  });
});
