import { test } from 'tap';
import { EVENT_TYPES } from '@rcpx/contracts';
import type { FixtureEvent } from './test-fixtures.ts';
import { seedEvents } from './test-fixtures.ts';
import { READERS, startQueryApp } from './test-app.ts';
import type { ReaderName } from './test-app.ts';

const LEVELS = {
  public: { level: 'public' },
  members: { level: 'members' },
  rcps: { level: 'rcps', rcps: ['colombo-process'] },
} as const;
type Level = keyof typeof LEVELS;

/** Which levels of bali-process items each reader may see. */
const SEES: Record<ReaderName, Level[]> = {
  anonymous: ['public'],
  'bali-process': ['public', 'members', 'rcps'],
  'colombo-process': ['public', 'rcps'],
  iom: ['public'],
  admin: ['public', 'members', 'rcps'],
};

const KINDS = [
  { segment: 'practices', n: 1 },
  { segment: 'meetings', n: 2 },
  { segment: 'publications', n: 3 },
] as const;
const idOf = (n: number, level: Level) =>
  `0f3a7b1c-2d4e-4f60-8a9b-${n}${['public', 'members', 'rcps'].indexOf(level)}0000000000`;

/** For each kind and level, one bali-process item on smuggling that mentions lifejackets. */
function events(): FixtureEvent[] {
  const out: FixtureEvent[] = [];
  for (const level of Object.keys(LEVELS) as Level[]) {
    const visibility = LEVELS[level];
    const title = { en: `Lifejacket distribution at sea (${level})` };
    const common = { themes: ['smuggling'], visibility, participant: 'bali-process' };
    const practice = { title, themes: common.themes, visibility, countries: ['ID'] };
    out.push(
      {
        type: EVENT_TYPES.practiceShared,
        item: idOf(1, level),
        participant: common.participant,
        data: practice,
      },
      {
        type: EVENT_TYPES.practiceRevised,
        item: idOf(1, level),
        participant: common.participant,
        data: { ...practice, body: { en: 'Revised.' }, changed: ['body'] },
      },
      {
        type: EVENT_TYPES.meetingOutcomeRecorded,
        item: idOf(2, level),
        participant: common.participant,
        data: {
          meeting: {
            title,
            level: 'technical-workshop',
            startsOn: '2026-10-01',
            hostCountry: 'ID',
          },
          outcomes: [{ kind: 'recommendation', text: { en: 'Carry lifejackets.' } }],
          themes: common.themes,
          visibility,
        },
      },
      {
        type: EVENT_TYPES.publicationReleased,
        item: idOf(3, level),
        participant: common.participant,
        data: {
          title,
          kind: 'guidelines',
          url: 'https://example.org/bali/lifejackets',
          themes: common.themes,
          visibility,
        },
      },
    );
  }
  return out;
}

test('visibility matrix: public / members / rcps × five readers on every read', async (t) => {
  const q = await startQueryApp(t);
  await seedEvents(q.db, q.schema, events());
  const sorted = (a: string[]) => [...a].sort();

  for (const reader of READERS) {
    const sees = SEES[reader];
    t.test(`as ${reader}`, async (t) => {
      for (const { segment, n } of KINDS) {
        const expected = sorted(sees.map((l) => idOf(n, l)));
        const list = await q.get(`/v1/${segment}`, reader);
        t.same(
          sorted(list.body.items.map((i: { id: string }) => i.id)),
          expected,
          `list ${segment}`,
        );
        const search = await q.get(`/v1/${segment}?q=lifejackets`, reader);
        t.same(
          sorted(search.body.items.map((i: { id: string }) => i.id)),
          expected,
          `q ${segment}`,
        );
        const filtered = await q.get(
          `/v1/${segment}?theme=smuggling&participant=bali-process&country=ID&q=lifejacket`,
          reader,
        );
        const filteredIds = filtered.body.items.map((i: { id: string }) => i.id);
        if (segment === 'publications') t.same(filteredIds, [], 'publications have no countries');
        else t.same(sorted(filteredIds), expected, `filters ${segment}`);

        for (const level of Object.keys(LEVELS) as Level[]) {
          const visible = sees.includes(level);
          const detail = await q.get(`/v1/${segment}/${idOf(n, level)}`, reader);
          t.equal(detail.status, visible ? 200 : 404, `detail ${segment} ${level}`);
          if (!visible) t.notMatch(JSON.stringify(detail.body), /Lifejacket|bali|smuggling/);
          const versions = await q.get(`/v1/${segment}/${idOf(n, level)}/versions`, reader);
          t.equal(versions.status, visible ? 200 : 404, `versions ${segment} ${level}`);
          if (visible) t.equal(versions.body.items.length, segment === 'practices' ? 2 : 1);
        }
      }

      const everyId = KINDS.flatMap(({ n }) => sees.map((l) => idOf(n, l)));
      const activity = await q.get('/v1/activity?limit=200', reader);
      const activityIds = activity.body.items.map((e: { itemId: string }) => e.itemId);
      t.same(sorted([...new Set(activityIds as string[])]), sorted(everyId), 'activity items');
      t.equal(activityIds.length, sees.length * 4, 'activity: two practice events per level');
      const activitySearch = await q.get('/v1/activity?q=lifejacket&theme=smuggling', reader);
      t.equal(activitySearch.body.items.length, sees.length * 4, 'activity q');
      const byType = await q.get(
        '/v1/activity?type=org.rcpx.practice.revised&participant=bali-process',
        reader,
      );
      t.equal(byType.body.items.length, sees.length, 'activity type + participant');

      const themes = await q.get('/v1/themes', reader);
      const smuggling = themes.body.items.find((x: { slug: string }) => x.slug === 'smuggling');
      t.equal(smuggling.count, sees.length * 3, 'themes count');
      t.equal((await q.get('/v1/themes/smuggling', reader)).body.count, sees.length * 3);
      const participants = await q.get('/v1/participants', reader);
      const bali = participants.body.items.find((x: { slug: string }) => x.slug === 'bali-process');
      t.equal(bali.count, sees.length * 3, 'participants count');
      t.equal((await q.get('/v1/participants/bali-process', reader)).body.count, sees.length * 3);
      t.equal(
        (await q.get('/v1/participants/colombo-process', reader)).body.count,
        0,
        'being listed in rcps does not count as publishing',
      );
    });
  }
});
