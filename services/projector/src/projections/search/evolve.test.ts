import t from 'tap';
import type { NewEvent } from '@rcpx/contracts';
import { fold } from '../../projection.ts';
import {
  baliPractice,
  colomboPractice,
  idOf,
  itemRevised,
  meetingData,
  meetingRecorded,
  practiceRevised,
  practiceShared,
  practiceWithdrawn,
  projected,
  publicationReleased,
} from '../../test-fixtures.ts';
import { evolve } from './evolve.ts';
import { searchProjection } from './projection.ts';
import type { SearchState } from './types.ts';

/** Given `given` (folded from nothing), when `when`: the item's searchable text. */
function stateAfter(given: NewEvent[], when: NewEvent): SearchState | undefined {
  const events = projected([...given, when]);
  const prior = events.slice(0, -1).reduce<SearchState | undefined>(evolve, undefined);
  return evolve(prior, events[events.length - 1]!);
}

const shared = practiceShared({ participant: 'bali-process', minute: 0 });
const id = idOf(shared);

t.test('given nothing, when a practice is shared: its text per language', async (t) => {
  const s = stateAfter([], shared)!;
  t.same(s.row.title, baliPractice().title, 'the title on its own (weight A)');
  t.equal(s.row.id, id);
  t.equal(
    s.row.text_en,
    [
      'Bilateral teams identify victims of trafficking at sea ports.',
      'Officers from both countries interview passengers together.',
    ].join('\n'),
    'the rest of the text, not the title again',
  );
  t.equal(
    s.row.text_fr,
    'Des équipes bilatérales identifient les victimes de la traite dans les ports.',
  );
  t.equal(s.row.text_es, '');
  t.equal(s.row.text_any, 'Ana Wijaya\nRegional Support Office\nRegional Support Office');
});

t.test('given nothing, when a revision changes the text: rewritten', async (t) => {
  const revised = practiceRevised(
    { participant: 'bali-process', id, version: 2, minute: 5 },
    colomboPractice(),
    ['title', 'themes'],
  );
  const s = stateAfter([], revised)!;
  t.same(s.row.title, colomboPractice().title);
  t.equal(s.row.text_fr, '');
  t.equal(s.row.text_any, 'Colombo Process Technical Support Unit');
  t.equal(s.row.text_es, 'Cursos obligatorios sobre derechos laborales y remesas.');
  t.same(stateAfter([shared], revised)?.row.title, colomboPractice().title, 'in one batch too');
});

t.test('a revision of themes or visibility only, a withdrawal: text unchanged', async (t) => {
  const before = stateAfter([], shared);
  const moved = practiceRevised({ participant: 'bali-process', id, version: 2 }, baliPractice(), [
    'themes',
    'visibility',
  ]);
  t.same(stateAfter([shared], moved), before);
  t.equal(stateAfter([], moved), undefined, 'nothing to write at all');
  const withdrawn = practiceWithdrawn(
    { participant: 'bali-process', id, version: 2 },
    { title: { en: 'Other' }, themes: ['trafficking'], visibility: { level: 'public' } },
  );
  t.same(stateAfter([shared], withdrawn), before);
  for (const field of ['summary', 'body', 'contact', 'links']) {
    const r = practiceRevised({ participant: 'bali-process', id, version: 2 }, baliPractice(), [
      field,
    ]);
    t.ok(stateAfter([], r), `a change of ${field} rewrites the text`);
  }
});

t.test('a meeting outcome: meeting title; summary, outcomes, venue', async (t) => {
  const s = stateAfter([], meetingRecorded({ participant: 'colombo-process' }))!;
  t.same(s.row.title, {
    en: 'Sixth Ministerial Consultation',
    fr: 'Sixième consultation ministérielle',
    es: 'Sexta consulta ministerial',
  });
  t.equal(s.row.text_en, 'Colombo Declaration\nMembers commit to fair recruitment.');
  t.equal(s.row.text_fr, 'Engagements sur le recrutement équitable.');
  t.match(s.row.text_es, /^Declaración de Colombo/);
  t.equal(s.row.text_any, 'Skills recognition pilot in three corridors\nColombo');
});

t.test('a publication; unknown types change nothing', async (t) => {
  const s = stateAfter([], publicationReleased({ participant: 'iom' }))!;
  t.equal(s.row.title.es, 'Ley modelo sobre la trata de personas');
  t.equal(s.row.text_en, 'A template for national legislation.');
  t.equal(s.row.text_es, '');
  const [unknown] = projected([{ ...shared, type: 'org.rcpx.practice.featured', rcpxversion: 2 }]);
  t.equal(evolve(s, unknown!), s);
});

t.test('fold: one state per item, the last text', async (t) => {
  const other = practiceShared({ participant: 'colombo-process' }, colomboPractice());
  const states = fold(
    searchProjection,
    new Map(),
    projected([
      shared,
      other,
      practiceRevised({ participant: 'bali-process', id, version: 2 }, colomboPractice()),
    ]),
  );
  t.equal(states.size, 2);
  t.same(states.get(id)?.row.title, colomboPractice().title);
});

t.test(
  'a meeting.revised of its outcomes rewrites its text; of its themes only, not',
  async (t) => {
    const recorded = meetingRecorded({ participant: 'midsa' });
    const mid = idOf(recorded);
    const data = meetingData();
    const outcomes = [
      { ref: 'r1', kind: 'declaration' as const, text: { en: 'Seafarers first.' } },
    ];
    const s = stateAfter(
      [recorded],
      itemRevised('meeting', { participant: 'midsa', id: mid, version: 2 }, { ...data, outcomes }, [
        'outcomes',
      ]),
    )!;
    t.match(s.row.text_en, /Seafarers first/);
    const before = stateAfter([], recorded);
    const themesOnly = stateAfter(
      [recorded],
      itemRevised(
        'meeting',
        { participant: 'midsa', id: mid, version: 2 },
        { ...data, themes: ['health'] },
        ['themes'],
      ),
    );
    t.same(themesOnly, before);
  },
);
