// What the publish/revise forms hold, without DOM (unit-tested): an item's data as form state and
// back, the PATCH of a revision (only the fields changed), re-applying one's edits onto a newer
// version after a 412, and which field an API error path belongs to.

import { LANGS } from './i18n.ts';
import type { Lang } from './i18n.ts';
import type { Collection } from './router.ts';

export type Texts = Record<Lang, string>;
export interface VisState {
  level: 'public' | 'members' | 'rcps' | '';
  rcps: string[];
}
export interface OutcomeRow {
  ref: string;
  kind: string;
  text: Texts;
  addressees: string[];
  dueOn: string;
}
export interface MeetingState {
  title: Texts;
  level: string;
  startsOn: string;
  endsOn: string;
  hostCountry: string;
  venue: string;
}
/** Every kind's fields as typed (a kind uses some of them). */
export interface FormState {
  title: Texts;
  summary: Texts;
  body: Texts;
  themes: string[];
  visibility: VisState;
  countries: string;
  links: string;
  contact: string;
  meeting: MeetingState;
  outcomes: OutcomeRow[];
  kind: string;
  url: string;
  languages: string;
  publishedOn: string;
}
export type Field = keyof FormState;

/** The top-level fields of each kind's data, in the form's order. */
export const FIELDS_OF: Record<Collection, readonly Field[]> = {
  practices: ['title', 'summary', 'body', 'themes', 'countries', 'links', 'contact', 'visibility'],
  meetings: ['meeting', 'summary', 'outcomes', 'themes', 'visibility'],
  publications: [
    'title',
    'summary',
    'kind',
    'url',
    'languages',
    'publishedOn',
    'themes',
    'visibility',
  ],
};

/** Optional fields of each kind: a revision that empties one sends `null` (which removes it). */
const OPTIONAL: Record<Collection, readonly Field[]> = {
  practices: ['summary', 'body', 'countries', 'links', 'contact'],
  meetings: ['summary'],
  publications: ['summary', 'languages', 'publishedOn'],
};

export const texts = (v: unknown = {}): Texts => {
  const out = { en: '', fr: '', es: '' };
  if (typeof v === 'string') out.en = v;
  else if (v && typeof v === 'object')
    for (const l of LANGS) {
      const t = (v as Record<string, unknown>)[l];
      if (typeof t === 'string') out[l] = t;
    }
  return out;
};

export const emptyOutcome = (): OutcomeRow => ({
  ref: '',
  kind: '',
  text: texts(),
  addressees: [],
  dueOn: '',
});

export function emptyState(): FormState {
  return {
    title: texts(),
    summary: texts(),
    body: texts(),
    themes: [],
    visibility: { level: '', rcps: [] },
    countries: '',
    links: '',
    contact: '',
    meeting: { title: texts(), level: '', startsOn: '', endsOn: '', hostCountry: '', venue: '' },
    outcomes: [emptyOutcome()],
    kind: '',
    url: '',
    languages: '',
    publishedOn: '',
  };
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const strs = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);

/** An item as read back (`GET /v1/<collection>/{id}`) as the form's state. */
export function stateOf(item: Record<string, unknown>): FormState {
  const s = emptyState();
  s.title = texts(item.title);
  s.summary = texts(item.summary);
  s.body = texts(item.body);
  s.themes = strs(item.themes);
  const vis = (item.visibility ?? {}) as { level?: VisState['level']; rcps?: string[] };
  s.visibility = { level: vis.level ?? '', rcps: vis.level === 'rcps' ? strs(vis.rcps) : [] };
  s.countries = strs(item.countries).join(', ');
  s.links = ((item.links as unknown[] | undefined) ?? [])
    .map((l) => (typeof l === 'string' ? l : str((l as { url?: unknown }).url)))
    .join('\n');
  const c = item.contact;
  s.contact = typeof c === 'string' ? c : c ? Object.values(c).map(String).join(' · ') : '';
  const m = (item.meeting ?? {}) as Record<string, unknown>;
  s.meeting = {
    title: texts(m.title),
    level: str(m.level),
    startsOn: str(m.startsOn),
    endsOn: str(m.endsOn),
    hostCountry: str(m.hostCountry),
    venue: str(m.venue),
  };
  const outcomes = (item.outcomes as Record<string, unknown>[] | undefined) ?? [];
  s.outcomes = outcomes.map((o) => ({
    ref: str(o.ref),
    kind: str(o.kind),
    text: texts(o.text),
    addressees: strs(o.addressees),
    dueOn: str(o.dueOn),
  }));
  if (s.outcomes.length === 0) s.outcomes = [emptyOutcome()];
  s.kind = str(item.publicationKind);
  s.url = str(item.url);
  s.languages = strs(item.languages).join(', ');
  s.publishedOn = str(item.publishedOn);
  return s;
}

const localized = (t: Texts) => {
  const out: Partial<Texts> = {};
  for (const l of LANGS) if (t[l].trim()) out[l] = t[l].trim();
  return out;
};
const optionalText = (t: Texts) => {
  const o = localized(t);
  return Object.keys(o).length > 0 ? o : undefined;
};
const list = (v: string, lower = false) =>
  v
    .split(/[,\s]+/)
    .map((x) => (lower ? x.trim().toLowerCase() : x.trim().toUpperCase()))
    .filter(Boolean);
const visibilityOf = (v: VisState) =>
  v.level === 'rcps' ? { level: 'rcps', rcps: v.rcps } : v.level ? { level: v.level } : undefined;

/** The value a field is sent as (undefined: left out). Nothing is checked: the API says. */
export function encode(
  collection: Collection,
  field: Field,
  s: FormState,
  before?: Record<string, unknown>,
): unknown {
  switch (field) {
    case 'title':
      return localized(s.title);
    case 'summary':
      return optionalText(s.summary);
    case 'body':
      return optionalText(s.body);
    case 'themes':
      return s.themes;
    case 'visibility':
      return visibilityOf(s.visibility);
    case 'countries': {
      const c = list(s.countries);
      return c.length > 0 ? c : undefined;
    }
    case 'links': {
      const l = s.links
        .split('\n')
        .map((x) => x.trim())
        .filter(Boolean);
      return l.length > 0 ? l : undefined;
    }
    case 'contact':
      return s.contact.trim() || undefined;
    case 'meeting': {
      const m = s.meeting;
      return {
        title: localized(m.title),
        level: m.level,
        startsOn: m.startsOn,
        ...(m.endsOn ? { endsOn: m.endsOn } : {}),
        ...(m.hostCountry.trim() ? { hostCountry: m.hostCountry.trim().toUpperCase() } : {}),
        ...(m.venue.trim() ? { venue: m.venue.trim() } : {}),
      };
    }
    case 'outcomes': {
      const old = (before?.outcomes as { ref?: string; title?: unknown }[] | undefined) ?? [];
      return s.outcomes.map((o) => {
        const title = o.ref ? old.find((x) => x.ref === o.ref)?.title : undefined;
        return {
          ...(o.ref ? { ref: o.ref } : {}),
          kind: o.kind,
          text: localized(o.text),
          ...(title ? { title } : {}),
          ...(o.addressees.length > 0 ? { addressees: o.addressees } : {}),
          ...(o.dueOn ? { dueOn: o.dueOn } : {}),
        };
      });
    }
    case 'kind':
      return s.kind;
    case 'url':
      return s.url.trim();
    case 'languages': {
      const l = list(s.languages, true);
      return l.length > 0 ? l : undefined;
    }
    case 'publishedOn':
      return s.publishedOn || undefined;
  }
}

/** The `POST` body of a new item. */
export function createBody(collection: Collection, s: FormState): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const f of FIELDS_OF[collection]) {
    const v = encode(collection, f, s);
    if (v !== undefined) body[f] = v;
  }
  return body;
}

/** JSON with sorted keys: equal states compare equal. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const keys = Object.keys(v).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

/** The fields whose value differs between two states. */
export function changedFields(collection: Collection, a: FormState, b: FormState): Field[] {
  return FIELDS_OF[collection].filter((f) => canonical(a[f]) !== canonical(b[f]));
}

/**
 * The `PATCH` body of a revision: only the fields changed since `start` (the version edited); an
 * optional field the user emptied is sent as `null`, which removes it (JSON Merge Patch).
 */
export function patchBody(
  collection: Collection,
  start: FormState,
  mine: FormState,
  before?: Record<string, unknown>,
): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const f of changedFields(collection, start, mine)) {
    const v = encode(collection, f, mine, before);
    if (v !== undefined) body[f] = v;
    else if (OPTIONAL[collection].includes(f) && encode(collection, f, start) !== undefined) {
      body[f] = null;
    }
  }
  return body;
}

/**
 * After a 412: the current version with the user's own changes (since `start`) put back on top.
 * `conflicts`: fields both the user and the other writer changed, to different values (the
 * user's value is kept; the form says so).
 */
export function rebase(
  collection: Collection,
  start: FormState,
  mine: FormState,
  current: FormState,
): { state: FormState; conflicts: Field[] } {
  const state = structuredClone(current);
  const conflicts: Field[] = [];
  for (const f of changedFields(collection, start, mine)) {
    (state as unknown as Record<Field, unknown>)[f] = structuredClone(mine[f]);
    if (
      canonical(current[f]) !== canonical(start[f]) &&
      canonical(current[f]) !== canonical(mine[f])
    )
      conflicts.push(f);
  }
  return { state, conflicts };
}

/**
 * Where an API error goes: `body.meeting.startsOn` → `meeting.startsOn`, `body.outcomes.1.text.en`
 * → `outcomes.1`, `body.title.en` → `title`; null when no field of the form is named.
 */
export function errorKey(collection: Collection, path: string): string | null {
  const [where, first, second] = path.split('.');
  if (where !== 'body' || first === undefined) return null;
  if (!(FIELDS_OF[collection] as readonly string[]).includes(first)) return null;
  if (first === 'meeting') {
    const sub = ['title', 'level', 'startsOn', 'endsOn', 'hostCountry', 'venue'];
    return second && sub.includes(second) ? `meeting.${second}` : 'meeting.title';
  }
  if (first === 'outcomes')
    return second && /^\d+$/.test(second) ? `outcomes.${second}` : 'outcomes';
  return first;
}
