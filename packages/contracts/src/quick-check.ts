import type { z } from 'zod';
import { HttpUrl, OUTCOME_KINDS, TitledLink } from './common.ts';
import {
  ContactParts,
  MEETING_LEVELS,
  MeetingData,
  MeetingInfo,
  MeetingRevisedData,
  Outcome,
  PUBLICATION_KINDS,
  PracticeData,
  PracticeRevisedData,
  PublicationData,
  PublicationRevisedData,
  WithdrawnData,
} from './events.ts';
import { EVENT_TYPES } from './event-types.ts';
import { LANGUAGES, LIMITS, PATTERNS } from './limits.ts';
import { findParticipant } from './participants.ts';
import { findTheme } from './themes.ts';

// A cheap, allocation-free check of the events the ingest writes, ahead of the zod schemas
// (which build a deep copy of every event, most of the projector's garbage). It is SOUND, not
// complete: `true` only when the schema surely accepts the value; `false` when unsure as much as
// when invalid — the caller then runs the schema, which decides and says why. Its limits,
// patterns, languages and field names are the schemas' own (`limits.ts`, the schemas' shapes);
// a field it does not know makes it answer `false`. The projector's `quick-check.test.ts` holds
// it to the schemas on thousands of mutations of valid events.

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const keysOf = (schema: { shape: object }): ReadonlySet<string> =>
  new Set(Object.keys(schema.shape));

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

const LANGS: ReadonlySet<string> = new Set(LANGUAGES);

/** `localized(max)`: only the languages, each a text, at least one. */
function localized(v: unknown, max: number): boolean {
  if (!isObj(v) || !onlyKeys(v, LANGS)) return false;
  let any = false;
  for (const k in v) {
    if (!text(v[k], max)) return false;
    any = true;
  }
  return any;
}

/** Distinct strings, each passing `ok`; `min..max` of them. */
function distinct(v: unknown, min: number, max: number, ok: (s: string) => boolean): boolean {
  if (!Array.isArray(v) || v.length < min || v.length > max) return false;
  for (let i = 0; i < v.length; i++) {
    const s: unknown = v[i];
    if (typeof s !== 'string' || !ok(s)) return false;
    for (let j = 0; j < i; j++) if (v[j] === s) return false;
  }
  return true;
}

const theme = (s: string) => findTheme(s) !== undefined;
const participant = (s: string) =>
  PATTERNS.participantSlug.test(s) && findParticipant(s) !== undefined;

/** `Themes` */
const themes = (v: unknown) => distinct(v, 1, LIMITS.themes, theme);

const LEVEL_ONLY: ReadonlySet<string> = new Set(['level']);
const LEVEL_RCPS: ReadonlySet<string> = new Set(['level', 'rcps']);

/** `Visibility` */
function visibility(v: unknown): boolean {
  if (!isObj(v)) return false;
  if (v.level === 'public' || v.level === 'members') return onlyKeys(v, LEVEL_ONLY);
  if (v.level !== 'rcps' || !onlyKeys(v, LEVEL_RCPS)) return false;
  const rcps = v.rcps;
  if (!Array.isArray(rcps) || rcps.length < 1 || rcps.length > LIMITS.rcps) return false;
  for (const s of rcps as unknown[]) if (typeof s !== 'string' || !participant(s)) return false;
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
const country = (v: unknown): boolean => typeof v === 'string' && PATTERNS.countryCode.test(v);
const date = (v: unknown): boolean => typeof v === 'string' && PATTERNS.date.test(v);
const optional = (v: unknown, check: (v: unknown) => boolean) => v === undefined || check(v);

const LINK = keysOf(TitledLink);
function link(v: unknown): boolean {
  if (typeof v === 'string') return url(v);
  if (!isObj(v) || !onlyKeys(v, LINK) || !url(v.url)) return false;
  return optional(v.title, (t) => text(t, LIMITS.linkTitle));
}

// an email (or anything else) is left to the schema
const CONTACT: ReadonlySet<string> = new Set(
  [...keysOf(ContactParts)].filter((k) => k !== 'email'),
);
const maxString = (v: unknown, max: number) =>
  v === undefined || (typeof v === 'string' && v.length <= max);
function contact(v: unknown): boolean {
  if (v === undefined) return true;
  if (typeof v === 'string') return text(v, LIMITS.contact);
  if (!isObj(v) || !onlyKeys(v, CONTACT)) return false;
  return (
    maxString(v.name, LIMITS.contactName) &&
    maxString(v.organisation, LIMITS.contactOrganisation) &&
    maxString(v.phone, LIMITS.contactPhone) &&
    optional(v.url, url)
  );
}

const title = (v: unknown) => localized(v, LIMITS.title);
const longText = (v: unknown) => localized(v, LIMITS.text);

function practice(d: Obj): boolean {
  return (
    title(d.title) &&
    optional(d.summary, longText) &&
    optional(d.body, longText) &&
    themes(d.themes) &&
    visibility(d.visibility) &&
    optionalArray(d.countries, LIMITS.countries, country) &&
    optionalArray(d.links, LIMITS.links, link) &&
    contact(d.contact)
  );
}

function withdrawn(d: Obj): boolean {
  return (
    title(d.title) &&
    themes(d.themes) &&
    visibility(d.visibility) &&
    optional(d.reason, (r) => text(r, LIMITS.reason))
  );
}

const LEVELS: ReadonlySet<unknown> = new Set(MEETING_LEVELS);
const OUTCOMES: ReadonlySet<unknown> = new Set(OUTCOME_KINDS);
const PUBLICATIONS: ReadonlySet<unknown> = new Set(PUBLICATION_KINDS);
const MEETING = keysOf(MeetingInfo);
const OUTCOME = keysOf(Outcome);

function outcome(v: unknown): boolean {
  if (!isObj(v) || !onlyKeys(v, OUTCOME) || !OUTCOMES.has(v.kind)) return false;
  if (!optional(v.ref, (r) => typeof r === 'string' && PATTERNS.outcomeRef.test(r))) return false;
  const t = v.text;
  if (!(typeof t === 'string' ? text(t, LIMITS.text) : longText(t))) return false;
  return (
    optional(v.title, title) &&
    optional(v.addressees, (a) => distinct(a, 1, LIMITS.addressees, participant)) &&
    optional(v.dueOn, date)
  );
}

/** `Outcomes`: 1..max outcomes whose refs, where given, are distinct. */
function outcomes(v: unknown): boolean {
  if (!Array.isArray(v) || v.length < 1 || v.length > LIMITS.outcomes) return false;
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
  if (!title(m.title) || !LEVELS.has(m.level) || !date(m.startsOn)) return false;
  if (!optional(m.endsOn, date) || !optional(m.hostCountry, country)) return false;
  if (!optional(m.venue, (v) => text(v, LIMITS.venue))) return false;
  return (
    outcomes(d.outcomes) &&
    optional(d.summary, longText) &&
    themes(d.themes) &&
    visibility(d.visibility)
  );
}

const language = (s: unknown) => typeof s === 'string' && PATTERNS.languageCode.test(s);

function publication(d: Obj): boolean {
  return (
    title(d.title) &&
    optional(d.summary, longText) &&
    PUBLICATIONS.has(d.kind) &&
    url(d.url) &&
    optionalArray(d.languages, LIMITS.languages, language) &&
    optional(d.publishedOn, date) &&
    themes(d.themes) &&
    visibility(d.visibility)
  );
}

/** `changed`: the names of the fields a revision changed. */
const changed = (d: Obj) =>
  Array.isArray(d.changed) && (d.changed as unknown[]).every((s) => typeof s === 'string');

/** The check of a strict object schema: its keys only, and `check`. */
function strict(schema: z.ZodObject, check: (d: Obj) => boolean): (d: Obj) => boolean {
  const keys = keysOf(schema);
  return (d) => onlyKeys(d, keys) && check(d);
}

const CHECKS: ReadonlyMap<string, (d: Obj) => boolean> = new Map([
  [EVENT_TYPES.practiceShared, strict(PracticeData, practice)],
  [EVENT_TYPES.practiceRevised, strict(PracticeRevisedData, (d) => changed(d) && practice(d))],
  [EVENT_TYPES.practiceWithdrawn, strict(WithdrawnData, withdrawn)],
  [EVENT_TYPES.meetingOutcomeRecorded, strict(MeetingData, meeting)],
  [EVENT_TYPES.meetingRevised, strict(MeetingRevisedData, (d) => changed(d) && meeting(d))],
  [EVENT_TYPES.meetingWithdrawn, strict(WithdrawnData, withdrawn)],
  [EVENT_TYPES.publicationReleased, strict(PublicationData, publication)],
  [
    EVENT_TYPES.publicationRevised,
    strict(PublicationRevisedData, (d) => changed(d) && publication(d)),
  ],
  [EVENT_TYPES.publicationWithdrawn, strict(WithdrawnData, withdrawn)],
]);

/** True when the data schema of `type` surely accepts `data`; else ask the schema. */
export function quickCheckData(type: string, data: unknown): boolean {
  const check = CHECKS.get(type);
  return check !== undefined && isObj(data) && check(data);
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
    PATTERNS.uuid.test(e.id) &&
    nonEmpty(e.source) &&
    nonEmpty(e.subject) &&
    typeof e.time === 'string' &&
    PATTERNS.datetime.test(e.time) &&
    e.datacontenttype === 'application/json' &&
    positiveInt(e.rcpxseq) &&
    positiveInt(e.rcpxversion) &&
    isObj(e.data)
  );
}
