import { z } from 'zod';
import {
  EVENT_TYPES,
  HttpUrl,
  MEETING_LEVELS,
  OUTCOME_KINDS,
  PUBLICATION_KINDS,
  findParticipant,
  findTheme,
} from '@rcpx/contracts';

// A cheap, allocation-free check of the events the ingest writes, ahead of the zod schemas of
// `@rcpx/contracts` (which build a deep copy of every event, most of the projector's garbage).
// It is SOUND, not complete: `true` only when the schema surely accepts the value; `false` when
// unsure as much as when invalid — the caller then runs the schema, which decides and says why.
// Every rule below is one of the schemas' (same limits, same regexes, zod for URLs); a field it
// does not know makes it answer `false`. `quick-check.test.ts` holds it to the schemas.

type Obj = Record<string, unknown>;

const UUID = z.regexes.uuid();
const DATETIME = z.regexes.datetime({ offset: true, local: false, precision: null });
const DATE = z.regexes.date;
const COUNTRY = /^[A-Z]{2}$/;
const SLUG = /^[a-z0-9][a-z0-9-]{1,40}$/;
const LANGUAGE = /^[a-z]{2,3}$/;
const LEVELS: ReadonlySet<unknown> = new Set(MEETING_LEVELS);
const OUTCOMES: ReadonlySet<unknown> = new Set(OUTCOME_KINDS);
const PUBLICATIONS: ReadonlySet<unknown> = new Set(PUBLICATION_KINDS);

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every own key of `o` is in `allowed` (a strict object). */
function onlyKeys(o: Obj, allowed: ReadonlySet<string>): boolean {
  for (const k in o) if (!allowed.has(k) || !Object.hasOwn(o, k)) return false;
  return true;
}

/** `z.string().trim().min(1).max(max)` */
function text(v: unknown, max: number): boolean {
  if (typeof v !== 'string') return false;
  const n = v.trim().length;
  return n >= 1 && n <= max;
}

const LANGS: ReadonlySet<string> = new Set(['en', 'fr', 'es']);

/** `localized(max)`: only en/fr/es, each a text, at least one. */
function localized(v: unknown, max: number): boolean {
  if (!isObj(v) || !onlyKeys(v, LANGS)) return false;
  let any = false;
  for (const k in v) {
    if (!text(v[k], max)) return false;
    any = true;
  }
  return any;
}

/** `Themes`: 1..8 distinct slugs of the taxonomy. */
function themes(v: unknown): boolean {
  if (!Array.isArray(v) || v.length < 1 || v.length > 8) return false;
  for (let i = 0; i < v.length; i++) {
    const s: unknown = v[i];
    if (typeof s !== 'string' || findTheme(s) === undefined) return false;
    for (let j = 0; j < i; j++) if (v[j] === s) return false;
  }
  return true;
}

const LEVEL_ONLY: ReadonlySet<string> = new Set(['level']);
const LEVEL_RCPS: ReadonlySet<string> = new Set(['level', 'rcps']);

/** `Visibility` */
function visibility(v: unknown): boolean {
  if (!isObj(v)) return false;
  if (v.level === 'public' || v.level === 'members') return onlyKeys(v, LEVEL_ONLY);
  if (v.level !== 'rcps' || !onlyKeys(v, LEVEL_RCPS)) return false;
  const rcps = v.rcps;
  if (!Array.isArray(rcps) || rcps.length < 1 || rcps.length > 50) return false;
  for (const s of rcps as unknown[]) {
    if (typeof s !== 'string' || !SLUG.test(s) || findParticipant(s) === undefined) return false;
  }
  return true;
}

/** An optional array of at most `max` items each passing `item`. */
function optionalArray(v: unknown, max: number, item: (x: unknown) => boolean): boolean {
  if (v === undefined) return true;
  if (!Array.isArray(v) || v.length > max) return false;
  for (const x of v as unknown[]) if (!item(x)) return false;
  return true;
}

const url = (v: unknown): boolean => typeof v === 'string' && HttpUrl.safeParse(v).success;
const country = (v: unknown): boolean => typeof v === 'string' && COUNTRY.test(v);
const date = (v: unknown): boolean => typeof v === 'string' && DATE.test(v);

const LINK_KEYS: ReadonlySet<string> = new Set(['url', 'title']);
function link(v: unknown): boolean {
  if (typeof v === 'string') return url(v);
  if (!isObj(v) || !onlyKeys(v, LINK_KEYS) || !url(v.url)) return false;
  return v.title === undefined || text(v.title, 300);
}

const CONTACT_KEYS: ReadonlySet<string> = new Set(['name', 'organisation', 'phone', 'url']);
const maxString = (v: unknown, max: number) =>
  v === undefined || (typeof v === 'string' && v.length <= max);
function contact(v: unknown): boolean {
  if (v === undefined) return true;
  if (typeof v === 'string') return text(v, 500);
  // an email (or anything else) is left to the schema
  if (!isObj(v) || !onlyKeys(v, CONTACT_KEYS)) return false;
  return (
    maxString(v.name, 200) &&
    maxString(v.organisation, 300) &&
    maxString(v.phone, 50) &&
    (v.url === undefined || url(v.url))
  );
}

const PRACTICE_KEYS = [
  'title',
  'summary',
  'body',
  'themes',
  'visibility',
  'countries',
  'links',
  'contact',
];
const PRACTICE: ReadonlySet<string> = new Set(PRACTICE_KEYS);
const REVISED: ReadonlySet<string> = new Set([...PRACTICE_KEYS, 'changed']);

function practice(d: Obj): boolean {
  return (
    localized(d.title, 300) &&
    (d.summary === undefined || localized(d.summary, 20_000)) &&
    (d.body === undefined || localized(d.body, 20_000)) &&
    themes(d.themes) &&
    visibility(d.visibility) &&
    optionalArray(d.countries, 250, country) &&
    optionalArray(d.links, 50, link) &&
    contact(d.contact)
  );
}

const WITHDRAWN: ReadonlySet<string> = new Set(['title', 'themes', 'visibility', 'reason']);
const MEETING_DATA: ReadonlySet<string> = new Set([
  'meeting',
  'outcomes',
  'summary',
  'themes',
  'visibility',
]);
const MEETING: ReadonlySet<string> = new Set([
  'title',
  'level',
  'startsOn',
  'endsOn',
  'hostCountry',
  'venue',
]);
const OUTCOME: ReadonlySet<string> = new Set([
  'ref',
  'kind',
  'text',
  'title',
  'addressees',
  'dueOn',
]);
const REF = /^[a-z0-9][a-z0-9-]{0,39}$/;
const PUBLICATION: ReadonlySet<string> = new Set([
  'title',
  'summary',
  'kind',
  'url',
  'languages',
  'publishedOn',
  'themes',
  'visibility',
]);

/** `addressees`: optional, 1..50 distinct participant slugs of the registry. */
function addressees(v: unknown): boolean {
  if (v === undefined) return true;
  if (!Array.isArray(v) || v.length < 1 || v.length > 50) return false;
  for (let i = 0; i < v.length; i++) {
    const s: unknown = v[i];
    if (typeof s !== 'string' || !SLUG.test(s) || findParticipant(s) === undefined) return false;
    for (let j = 0; j < i; j++) if (v[j] === s) return false;
  }
  return true;
}

function outcome(v: unknown): boolean {
  if (!isObj(v) || !onlyKeys(v, OUTCOME) || !OUTCOMES.has(v.kind)) return false;
  if (v.ref !== undefined && !(typeof v.ref === 'string' && REF.test(v.ref))) return false;
  const t = v.text;
  if (!(typeof t === 'string' ? text(t, 20_000) : localized(t, 20_000))) return false;
  return (
    (v.title === undefined || localized(v.title, 300)) &&
    addressees(v.addressees) &&
    (v.dueOn === undefined || date(v.dueOn))
  );
}

/** `Outcomes`: 1..100 outcomes whose refs, where given, are distinct. */
function outcomes(v: unknown): boolean {
  if (!Array.isArray(v) || v.length < 1 || v.length > 100) return false;
  for (let i = 0; i < v.length; i++) {
    const o: unknown = v[i];
    if (!outcome(o)) return false;
    const ref = (o as Obj).ref;
    if (ref === undefined) continue;
    for (let j = 0; j < i; j++) if ((v[j] as Obj).ref === ref) return false;
  }
  return true;
}

function meeting(d: Obj): boolean {
  const m = d.meeting;
  if (!isObj(m) || !onlyKeys(m, MEETING)) return false;
  if (!localized(m.title, 300) || !LEVELS.has(m.level) || !date(m.startsOn)) return false;
  if (m.endsOn !== undefined && !date(m.endsOn)) return false;
  if (m.hostCountry !== undefined && !country(m.hostCountry)) return false;
  if (m.venue !== undefined && !text(m.venue, 300)) return false;
  if (!outcomes(d.outcomes)) return false;
  return (
    (d.summary === undefined || localized(d.summary, 20_000)) &&
    themes(d.themes) &&
    visibility(d.visibility)
  );
}

function publication(d: Obj): boolean {
  return (
    localized(d.title, 300) &&
    (d.summary === undefined || localized(d.summary, 20_000)) &&
    PUBLICATIONS.has(d.kind) &&
    url(d.url) &&
    optionalArray(d.languages, 50, (s) => typeof s === 'string' && LANGUAGE.test(s)) &&
    (d.publishedOn === undefined || date(d.publishedOn)) &&
    themes(d.themes) &&
    visibility(d.visibility)
  );
}

/** True when the data schema of the known `type` surely accepts `data`; else ask the schema. */
export function quickCheckData(type: string, data: unknown): boolean {
  if (!isObj(data)) return false;
  switch (type) {
    case EVENT_TYPES.practiceShared:
      return onlyKeys(data, PRACTICE) && practice(data);
    case EVENT_TYPES.practiceRevised:
      return (
        onlyKeys(data, REVISED) &&
        practice(data) &&
        optionalArray(data.changed, Infinity, (s) => typeof s === 'string') &&
        data.changed !== undefined
      );
    case EVENT_TYPES.practiceWithdrawn:
      return (
        onlyKeys(data, WITHDRAWN) &&
        localized(data.title, 300) &&
        themes(data.themes) &&
        visibility(data.visibility) &&
        (data.reason === undefined || text(data.reason, 2000))
      );
    case EVENT_TYPES.meetingOutcomeRecorded:
      return onlyKeys(data, MEETING_DATA) && meeting(data);
    case EVENT_TYPES.publicationReleased:
      return onlyKeys(data, PUBLICATION) && publication(data);
    default:
      return false;
  }
}

const positiveInt = (v: unknown) => Number.isSafeInteger(v) && (v as number) > 0;
const nonEmpty = (v: unknown) => typeof v === 'string' && v.length >= 1;

/**
 * True when the `CloudEvent` schema surely accepts `e` — given that its `type` is a known one
 * (which the caller checks: a known type is a valid event type).
 */
export function quickCheckEnvelope(e: Obj): boolean {
  return (
    e.specversion === '1.0' &&
    typeof e.id === 'string' &&
    UUID.test(e.id) &&
    nonEmpty(e.source) &&
    nonEmpty(e.subject) &&
    typeof e.time === 'string' &&
    DATETIME.test(e.time) &&
    e.datacontenttype === 'application/json' &&
    positiveInt(e.rcpxseq) &&
    positiveInt(e.rcpxversion) &&
    isObj(e.data)
  );
}
