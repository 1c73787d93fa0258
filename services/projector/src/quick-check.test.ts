import t from 'tap';
import {
  CloudEvent,
  EVENT_DATA,
  quickCheckData,
  quickCheckEnvelope,
  type NewEvent,
  type WithdrawnData,
} from '@rcpx/contracts';
import { decode } from './decode.ts';
import {
  baliPractice,
  colomboPractice,
  entry,
  generateLog,
  idOf,
  itemRevised,
  itemWithdrawn,
  meetingData,
  meetingRecorded,
  practiceRevised,
  practiceShared,
  practiceWithdrawn,
  publicationData,
  publicationReleased,
} from './test-fixtures.ts';

// The quick checks must never accept what the contracts' schemas refuse (they may refuse what
// the schemas accept: the schemas then decide). Held here on realistic events and on thousands
// of mutations of them.

type Json = unknown;
const schemaOk = (type: string, data: Json) =>
  (EVENT_DATA as Record<string, { safeParse(v: unknown): { success: boolean } }>)[type]!.safeParse(
    data,
  ).success;

const shared = practiceShared({ participant: 'bali-process' });
const id = idOf(shared);
const withdrawal: WithdrawnData = {
  title: { es: 'Retirada' },
  themes: ['health'],
  visibility: { level: 'public' },
};
const valid: NewEvent[] = [
  ...generateLog(300, 51),
  itemRevised('meeting', { participant: 'midsa', id, version: 2 }, meetingData(), ['summary']),
  itemRevised('publication', { participant: 'iom', id, version: 2 }, publicationData(), []),
  itemWithdrawn('meeting', { participant: 'midsa', id, version: 3 }, withdrawal),
  itemWithdrawn(
    'publication',
    { participant: 'iom', id, version: 3 },
    { ...withdrawal, reason: 'Superseded' },
  ),
  shared,
  practiceShared(
    { participant: 'iom' },
    {
      ...baliPractice(),
      links: ['https://www.iom.int/', { url: 'http://example.org/a?b=c#d' }],
      contact: {
        name: 'Desk',
        organisation: 'IOM',
        phone: '+41 22 717 9111',
        url: 'https://www.iom.int/contact',
      },
    },
  ),
  practiceShared(
    { participant: 'iom' },
    { ...colomboPractice(), contact: { email: 'desk@iom.int' } },
  ),
  practiceRevised({ participant: 'bali-process', id, version: 2 }, baliPractice(), []),
  practiceWithdrawn(
    { participant: 'bali-process', id, version: 3 },
    { title: { fr: 'Retiré' }, themes: ['health'], visibility: { level: 'members' } },
  ),
  meetingRecorded(
    { participant: 'colombo-process' },
    {
      ...meetingData(),
      meeting: { ...meetingData().meeting, endsOn: '2026-02-12' },
      outcomes: [{ kind: 'conclusions', text: { fr: 'Texte' }, title: { es: 'Título' } }],
    },
  ),
  publicationReleased(
    { participant: 'iom' },
    { ...publicationData(), languages: ['en', 'fra'], publishedOn: '2024-02-29' },
  ),
  meetingRecorded(
    { participant: 'midsa' },
    {
      ...meetingData(),
      outcomes: [
        { ref: 'r1', kind: 'declaration', text: 'Declaration' },
        {
          ref: 'focal-points',
          kind: 'recommendation',
          text: { en: 'Designate focal points.' },
          addressees: ['iom', 'colombo-process'],
          dueOn: '2026-10-31',
        },
      ],
    },
  ),
];

t.test('realistic events pass the quick checks, and the schemas', async (t) => {
  let quick = 0;
  for (const e of valid) {
    t.ok(schemaOk(e.type, e.data), `${e.type} is valid`);
    if (quickCheckData(e.type, e.data) && quickCheckEnvelope({ ...e, rcpxseq: 1 })) quick++;
  }
  // only the contact with an email is left to the schemas
  t.equal(quick, valid.length - 1, 'all but the one with an email take the quick path');
});

t.test('decode gives the same through the quick path and through the schemas', async (t) => {
  const schema = EVENT_DATA as Record<string, { parse(v: unknown): Record<string, unknown> }>;
  for (const [i, e] of valid.entries()) {
    const d = decode(entry(e, i + 1));
    const parsed = schema[e.type]!.parse(e.data);
    t.ok(d.ok && d.event.known, e.type);
    if (!d.ok) continue;
    t.same(d.event.data, e.data, "the log's own data");
    t.same([d.event.themes, d.event.visibility], [parsed.themes, parsed.visibility], e.type);
  }
});

const LONG = (n: number) => 'x'.repeat(n);
const REPLACEMENTS: Json[] = [
  undefined,
  null,
  '',
  '   ',
  ' x ',
  0,
  -1,
  1.5,
  true,
  [],
  {},
  ['x'],
  [null],
  LONG(51),
  LONG(201),
  LONG(301),
  LONG(2001),
  LONG(20_001),
  'no-such-theme',
  'trafficking',
  'XX',
  'xx',
  'LK',
  'ftp://example.org',
  'https://',
  'https://exa mple.org',
  'not a url',
  'https://example.org/' + LONG(2048),
  '2026-02-30',
  '2026-13-01',
  '2026-02-10',
  'public',
  'rcps',
  'ministerial',
  'declaration',
  'report',
  { level: 'public' },
  { level: 'rcps', rcps: [] },
  { level: 'rcps', rcps: ['nobody'] },
  { level: 'members', rcps: ['apc'] },
  { en: '' },
  { en: 'x', de: 'y' },
  { en: 'x', fr: null },
  { de: 'y' },
  Array.from({ length: 9 }, () => 'trafficking'),
  ['trafficking', 'trafficking'],
  Array.from({ length: 51 }, () => 'https://example.org'),
  Array.from({ length: 101 }, () => ({ kind: 'declaration', text: 'x' })),
  Array.from({ length: 251 }, () => 'LK'),
  ['e'],
  ['engl'],
  'r1',
  'focal-points',
  '-r',
  'Ref',
  'iom',
  ['iom', 'iom'],
  ['nobody-here'],
];

/** Every variant of `v` with one value somewhere replaced, a key added or one removed. */
function* mutations(v: Json): Generator<Json> {
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      for (const m of mutations(v[i])) yield v.map((x, j) => (j === i ? m : x));
      yield v.filter((_, j) => j !== i);
    }
    yield [...v, ...v];
    for (const r of REPLACEMENTS) yield [...v, r];
    return;
  }
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, Json>;
    for (const k of Object.keys(o)) {
      for (const m of mutations(o[k])) yield { ...o, [k]: m };
      const { [k]: _gone, ...rest } = o;
      yield rest;
    }
    yield { ...o, extra: 'x' };
    // an own `__proto__` key, as JSON.parse makes it
    yield JSON.parse(
      `{"__proto__":{"polluted":true}${Object.keys(o).length ? ',' : ''}${JSON.stringify(o).slice(1)}`,
    );
    return;
  }
  for (const r of REPLACEMENTS) if (r !== v) yield r;
}

t.test(
  'no mutation of valid data is accepted by the quick check and refused by the schemas',
  async (t) => {
    const samples = valid.slice(-10).concat(valid.slice(0, 24));
    let tried = 0;
    let quickAccepted = 0;
    const unsound: string[] = [];
    for (const e of samples) {
      for (const data of mutations(e.data)) {
        tried++;
        if (!quickCheckData(e.type, data)) continue;
        quickAccepted++;
        if (!schemaOk(e.type, data))
          unsound.push(`${e.type}: ${JSON.stringify(data).slice(0, 300)}`);
      }
    }
    t.ok(tried > 10_000, `${tried} mutations`);
    t.ok(quickAccepted > 0, `${quickAccepted} of them still valid`);
    t.same(unsound, [], 'the quick check never accepts what the schemas refuse');
  },
);

t.test('no mutation of a valid envelope passes the quick check and fails the schema', async (t) => {
  const unsound: string[] = [];
  let tried = 0;
  for (const e of valid.slice(0, 20)) {
    const base = { ...e, rcpxseq: 7 } as Record<string, Json>;
    for (const k of Object.keys(base)) {
      if (k === 'data' || k === 'type') continue;
      const variants = [
        ...REPLACEMENTS,
        '2026-03-02T09:00:00+01:00',
        '2026-03-02T09:00:00',
        2 ** 53,
      ];
      for (const r of variants) {
        const env = { ...base, [k]: r };
        tried++;
        if (quickCheckEnvelope(env) && !CloudEvent.safeParse(env).success) {
          unsound.push(`${k}: ${JSON.stringify(r)}`);
        }
      }
    }
  }
  t.ok(tried > 1000);
  t.same(unsound, []);
});
