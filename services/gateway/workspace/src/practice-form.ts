// The practice form's logic without DOM (unit-tested): the request body from the fields, the
// plain-language preview of who will see it, and which field an API error belongs to.

import { LANGS } from './i18n.ts';
import type { Lang, Strings } from './i18n.ts';

/** What the form holds (strings as typed). */
export interface PracticeFields {
  text: Record<Lang, { title: string; summary: string; body: string }>;
  themes: string[];
  countries: string;
  links: string;
  contact: string;
  visibility: 'public' | 'members' | 'rcps' | '';
  rcps: string[];
}

const localizedOf = (fields: PracticeFields, key: 'title' | 'summary' | 'body') => {
  const out: Partial<Record<Lang, string>> = {};
  for (const l of LANGS) {
    const v = fields.text[l][key].trim();
    if (v) out[l] = v;
  }
  return out;
};

/**
 * The `POST /v1/practices` body. Nothing is checked here: the API's `errors[]` say what is
 * wrong, field by field (an empty title is sent as `{}` so that the API names it).
 */
export function practiceBody(fields: PracticeFields): Record<string, unknown> {
  const body: Record<string, unknown> = { title: localizedOf(fields, 'title') };
  const summary = localizedOf(fields, 'summary');
  if (Object.keys(summary).length > 0) body.summary = summary;
  const text = localizedOf(fields, 'body');
  if (Object.keys(text).length > 0) body.body = text;
  body.themes = fields.themes;
  const countries = fields.countries
    .split(/[,\s]+/)
    .map((c) => c.trim().toUpperCase())
    .filter(Boolean);
  if (countries.length > 0) body.countries = countries;
  const links = fields.links
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);
  if (links.length > 0) body.links = links;
  if (fields.contact.trim()) body.contact = fields.contact.trim();
  body.visibility =
    fields.visibility === 'rcps'
      ? { level: 'rcps', rcps: fields.rcps }
      : fields.visibility === ''
        ? undefined
        : { level: fields.visibility };
  return body;
}

/** Who will see the practice, in words (`name` gives a participant's display name). */
export function visibilityPreview(
  fields: Pick<PracticeFields, 'visibility' | 'rcps'>,
  me: string,
  s: Strings,
  name: (slug: string) => string = (x) => x,
): string {
  switch (fields.visibility) {
    case 'public':
      return s.previewPublic;
    case 'members':
      return s.previewMembers(me);
    case 'rcps': {
      const others = fields.rcps.map(name);
      return others.length === 0 ? s.previewRcpsNone : s.previewRcps(me, others.join(', '));
    }
    default:
      return '';
  }
}

/** The form fields errors can be shown next to. */
export const FIELDS = [
  'title',
  'summary',
  'body',
  'themes',
  'countries',
  'links',
  'contact',
  'visibility',
] as const;
export type FieldName = (typeof FIELDS)[number];

/** The field of an API error path (`body.title.en` → title); null for a form-level error. */
export function fieldOf(path: string): FieldName | null {
  const [where, first] = path.split('.');
  if (where !== 'body' || first === undefined) return null;
  return (FIELDS as readonly string[]).includes(first) ? (first as FieldName) : null;
}

/** An API error in the UI language: known ones in words, others after their field's label. */
export function errorMessage(
  field: FieldName | null,
  path: string,
  message: string,
  s: Strings,
): string {
  if (field === 'title' && /at least one of en, fr, es|required/.test(message)) return s.errTitle;
  if (field === 'themes' && path === 'body.themes') return s.errThemes;
  const label = field ? s.fieldNames[field] : path.replace(/^body\./, '');
  return `${label}: ${message}`;
}
