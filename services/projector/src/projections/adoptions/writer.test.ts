import t from 'tap';
import { sql } from 'kysely';
import {
  adoptionIdOf,
  EVENT_TYPES,
  sourceOf,
  type NewEvent,
  type Visibility,
} from '@rcpx/contracts';
import { createDb, migrateReadModels } from '@rcpx/db';
import { createTestEnv } from '@rcpx/testing';
import { applyBatch } from '../../apply-batch.ts';
import { baliPractice, entry, idOf, practiceRevised, practiceShared } from '../../test-fixtures.ts';
import { adoptionsApplier } from './applier.ts';

// The practice's current audience and themes on its adoption rows, kept by the adoptions
// projection alone (the items projection is not applied here at all).

const env = await createTestEnv(t);
const db = createDb(env.databaseUrl);
t.teardown(() => db.destroy());
const SCHEMA = 'rm_adoptions';
await migrateReadModels(db, SCHEMA);

const shared = practiceShared({ participant: 'bali-process', minute: 1 });
const P = idOf(shared);

const adopted = (adopter: string, minute: number): NewEvent => {
  const id = adoptionIdOf(P, adopter);
  return {
    specversion: '1.0',
    id: adoptionIdOf(P, `${adopter}/${minute}`),
    source: sourceOf(adopter),
    type: EVENT_TYPES.practiceAdoptionRecorded,
    subject: `practices/${P}/adoptions/${id}`,
    time: new Date(Date.parse('2026-03-02T09:00:00Z') + minute * 60_000).toISOString(),
    datacontenttype: 'application/json',
    rcpxversion: 1,
    data: {
      practice: P,
      practiceOwner: 'bali-process',
      title: baliPractice().title,
      stage: 'piloting',
      themes: baliPractice().themes,
      visibility: { level: 'rcps', rcps: ['bali-process'] },
    },
  };
};
const revised = (minute: number, version: number, themes: string[], visibility: Visibility) =>
  practiceRevised(
    { participant: 'bali-process', id: P, version, minute },
    { ...baliPractice(), themes, visibility },
    ['themes', 'visibility'],
  );

let seq = 0;
const apply = (events: NewEvent[]) =>
  applyBatch(
    db,
    events.map((e) => entry(e, ++seq)),
    { schema: SCHEMA, appliers: [adoptionsApplier], notify: false },
  );
const rows = async () =>
  (
    await sql<{
      participant: string;
      practice_vis_level: string;
      practice_vis_rcps: string[];
      practice_themes: string[];
    }>`select participant, practice_vis_level, practice_vis_rcps, practice_themes
      from ${sql.table(`${SCHEMA}.adoptions`)} order by participant`.execute(db)
  ).rows;

t.test('an adoption row carries its practice audience and themes as they move', async (t) => {
  await apply([shared, adopted('colombo-process', 2)]);
  t.same(await rows(), [
    {
      participant: 'colombo-process',
      practice_vis_level: 'public',
      practice_vis_rcps: [],
      practice_themes: baliPractice().themes,
    },
  ]);

  await apply([revised(3, 2, ['health'], { level: 'rcps', rcps: ['apc', 'colombo-process'] })]);
  t.same(
    await rows(),
    [
      {
        participant: 'colombo-process',
        practice_vis_level: 'rcps',
        practice_vis_rcps: ['apc', 'colombo-process'],
        practice_themes: ['health'],
      },
    ],
    'a narrowing reaches the rows already there',
  );

  await apply([adopted('apc', 4)]);
  t.same(
    (await rows()).map((r) => [r.participant, r.practice_vis_level, r.practice_themes]),
    [
      ['apc', 'rcps', ['health']],
      ['colombo-process', 'rcps', ['health']],
    ],
    'a later adoption starts with the audience the projection kept for its practice',
  );

  await apply([adopted('iom', 5), revised(6, 3, ['gender'], { level: 'public' })]);
  t.same(
    (await rows()).map((r) => [r.participant, r.practice_vis_level, r.practice_themes]),
    [
      ['apc', 'public', ['gender']],
      ['colombo-process', 'public', ['gender']],
      ['iom', 'public', ['gender']],
    ],
    'in one batch, an adoption before a revision ends with the revision',
  );
  const { rows: kept } = await sql<{ n: number }>`select count(*)::int as n
    from ${sql.table(`${SCHEMA}.adoption_practices`)}`.execute(db);
  t.equal(kept[0]!.n, 1, 'one audience per practice');
});
