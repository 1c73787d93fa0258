// "My work" without DOM (unit-tested): its routes, the request bodies of its forms, and which
// field an API error belongs to.

import type { Lang } from './i18n.ts';

export type MyWorkRoute =
  | { view: 'my-work' }
  | { view: 'launch-query' }
  | { view: 'query'; id: string }
  | { view: 'follow-up'; meetingId: string; ref: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const REF = /^[a-z0-9][a-z0-9-]{0,39}$/;

/**
 * The "My work" route of a path's parts after `app` (`['my-work']`, `['queries', 'new']`,
 * `['queries', <id>]`, `['follow-ups', <meeting id>, <ref>]`), else null.
 */
export function parseMyWorkRoute(parts: readonly string[]): MyWorkRoute | null {
  const [first, second, third, ...rest] = parts;
  if (rest.length > 0) return null;
  if (first === 'my-work' && second === undefined) return { view: 'my-work' };
  if (first === 'queries' && third === undefined) {
    if (second === 'new') return { view: 'launch-query' };
    if (second !== undefined && UUID.test(second)) return { view: 'query', id: second };
  }
  if (first === 'follow-ups' && second && UUID.test(second) && third && REF.test(third)) {
    return { view: 'follow-up', meetingId: second, ref: third };
  }
  return null;
}

/** The paths of "My work" (the server answers them with the page, not a 404). */
export const MY_WORK_PATHS =
  /^\/app\/(?:my-work|queries\/(?:new|[0-9a-f-]{36})|follow-ups\/[0-9a-f-]{36}\/[a-z0-9][a-z0-9-]{0,39})\/?$/;

/** What the launch form holds (strings as typed). */
export interface LaunchFields {
  title: string;
  questions: { ref: string; text: string }[];
  themes: string[];
  /** `everyone`: the API's default (every other participant); `chosen`: `addressees`. */
  ask: 'everyone' | 'chosen';
  addressees: string[];
  deadline: string;
}

/** The `POST /v1/queries` body, texts in `lang`. Nothing is checked here: the API says. */
export function launchBody(f: LaunchFields, lang: Lang): Record<string, unknown> {
  const title = f.title.trim();
  const body: Record<string, unknown> = {
    title: title ? { [lang]: title } : {},
    questions: f.questions.map((q) => {
      const text = q.text.trim();
      return { ref: q.ref.trim(), text: text ? { [lang]: text } : {} };
    }),
    themes: f.themes,
    deadline: f.deadline,
  };
  if (f.ask === 'chosen') body.addressees = f.addressees;
  return body;
}

/** The launch form's fields that errors are shown next to. */
export type LaunchField =
  | 'title'
  | 'themes'
  | 'addressees'
  | 'deadline'
  | 'visibility'
  | `q-${number}-ref`
  | `q-${number}-text`
  | 'questions';

/** The field of an API error path (`body.questions.2.ref` → `q-2-ref`), null for the form. */
export function launchFieldOf(path: string): LaunchField | null {
  const [where, first, second, third] = path.split('.');
  if (where !== 'body' || first === undefined) return null;
  if (first === 'questions') {
    const i = Number(second);
    if (second === undefined || !Number.isInteger(i)) return 'questions';
    return third === 'ref' ? `q-${i}-ref` : `q-${i}-text`;
  }
  if (['title', 'themes', 'addressees', 'deadline', 'visibility'].includes(first)) {
    return first as LaunchField;
  }
  return null;
}

/** A date `days` after `today` (both `YYYY-MM-DD`, UTC). */
export function addDays(today: string, days: number): string {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A question ref proposed for the nth question (1-based) not already used. */
export function nextRef(used: readonly string[], n: number): string {
  let i = n;
  while (used.includes(`q${i}`)) i++;
  return `q${i}`;
}

type Localized = Partial<Record<string, string>>;

/**
 * The answers of a reply: each question's text in `lang`; a revision keeps what the earlier
 * reply said in other languages (and leaves out a question left empty in every language).
 */
export function replyAnswers(
  typed: Record<string, string>,
  lang: Lang,
  earlier: readonly { ref: string; text: Localized }[] = [],
): { ref: string; text: Localized }[] {
  const out: { ref: string; text: Localized }[] = [];
  for (const [ref, value] of Object.entries(typed)) {
    const before = earlier.find((a) => a.ref === ref)?.text ?? {};
    const text: Localized = { ...before };
    const v = value.trim();
    if (v) text[lang] = v;
    else delete text[lang];
    if (Object.keys(text).length > 0) out.push({ ref, text });
  }
  return out;
}

/** What the follow-up form holds. */
export interface FollowUpFields {
  status: string;
  text: string;
  countries: string;
  links: string;
}

/** The `POST …/follow-ups` body, the text in `lang`. */
export function followUpBody(f: FollowUpFields, lang: Lang): Record<string, unknown> {
  const text = f.text.trim();
  const body: Record<string, unknown> = { status: f.status, text: text ? { [lang]: text } : {} };
  const countries = f.countries
    .split(/[,\s]+/)
    .map((c) => c.trim().toUpperCase())
    .filter(Boolean);
  if (countries.length > 0) body.countries = countries;
  const links = f.links
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  if (links.length > 0) body.links = links;
  return body;
}

/** The adoption form's body: the note in `lang`, the local practice when one is chosen. */
export function adoptionBody(
  f: { stage: string; note: string; localPractice: string },
  lang: Lang,
): Record<string, unknown> {
  const body: Record<string, unknown> = { stage: f.stage };
  if (f.note.trim()) body.note = { [lang]: f.note.trim() };
  if (f.localPractice) body.localPractice = f.localPractice;
  return body;
}

/** The first field of an API error path (`body.text.en` → `text`), null for the form. */
export function simpleFieldOf(path: string, fields: readonly string[]): string | null {
  const [where, first] = path.split('.');
  return where === 'body' && first !== undefined && fields.includes(first) ? first : null;
}
