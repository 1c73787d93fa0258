import { z } from 'zod';
import { CountryCode, ParticipantSlug, ThemeSlug } from './common.ts';
import { EVENT_TYPES } from './event-types.ts';

/** Comma-separated list in a query string (`themes=a,b`), also accepted repeated (`themes=a&themes=b`). */
export const csv = <T extends z.ZodType>(
  item: T,
  doc?: { description: string; examples: string[][] },
) =>
  z.preprocess(
    (v) =>
      (Array.isArray(v) ? v.join(',') : typeof v === 'string' ? v : '')
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.length > 0),
    // the documentation sits on the list itself: OpenAPI describes what the preprocess yields
    doc ? z.array(item).max(50).meta(doc) : z.array(item).max(50),
  );

/** An event type the exchange knows (a filter on an unknown type is a 400, not an empty answer). */
export const KnownEventTypeParam = z.enum(EVENT_TYPES);

/**
 * The filters of every list-like read (lists, activity, the event log, Atom, live, stats, search):
 * comma-separated lists, OR within a list and AND across lists; an absent or empty list does not
 * constrain. The singular names are aliases of a one-element list (given both, the values join).
 */
export const FilterFields = z.object({
  themes: csv(ThemeSlug, {
    description: 'Theme slugs, comma-separated: items/events with any of them',
    examples: [['trafficking', 'smuggling']],
  }).optional(),
  participants: csv(ParticipantSlug, {
    description: 'Participant slugs, comma-separated: published by any of them',
    examples: [['bali-process', 'colombo-process']],
  }).optional(),
  types: csv(KnownEventTypeParam, {
    description: 'Event types, comma-separated (known types only)',
    examples: [['org.rcpx.practice.shared', 'org.rcpx.practice.revised']],
  }).optional(),
  countries: csv(CountryCode, {
    description: 'ISO 3166-1 alpha-2 codes, comma-separated: about any of them',
    examples: [['TH', 'ID']],
  }).optional(),
  theme: ThemeSlug.optional().meta({
    description: 'Alias of `themes` with one value',
    examples: ['trafficking'],
  }),
  participant: ParticipantSlug.optional().meta({
    description: 'Alias of `participants` with one value',
    examples: ['bali-process'],
  }),
  type: KnownEventTypeParam.optional().meta({
    description: 'Alias of `types` with one value',
    examples: ['org.rcpx.practice.shared'],
  }),
  country: CountryCode.optional().meta({
    description: 'Alias of `countries` with one value',
    examples: ['TH'],
  }),
  memberState: csv(CountryCode, {
    description:
      'ISO 3166-1 alpha-2 codes, comma-separated: published by any process one of these states ' +
      'is a member of (observers do not count; see GET /v1/countries/{cc})',
    examples: [['TH'], ['TH', 'MX']],
  }).optional(),
  memberStates: csv(CountryCode, {
    description: 'Alias of `memberState`',
    examples: [['TH', 'MX']],
  }).optional(),
});
export type FilterFields = z.infer<typeof FilterFields>;

/** The filters of a request, aliases folded in; a list is absent when it would not constrain. */
export interface Filters {
  themes?: string[];
  participants?: string[];
  types?: string[];
  countries?: string[];
  /** States whose processes (as a member) published the item/event. */
  memberStates?: string[];
  /**
   * `memberStates` resolved to the processes they are members of (`Memberships`), for SQL
   * (`@rcpx/db` `withMemberOf`); an empty list matches nothing.
   */
  memberOf?: string[];
}

const join = (list: readonly string[] | undefined, one: string | undefined) => {
  const all = new Set(list ?? []);
  if (one !== undefined) all.add(one);
  return all.size > 0 ? [...all] : undefined;
};

/** The `Filters` of a parsed query string (`themes` ∪ `theme`, …). */
export function filtersOf(q: Partial<FilterFields>): Filters {
  const out: Filters = {};
  const themes = join(q.themes, q.theme);
  const participants = join(q.participants, q.participant);
  const types = join(q.types, q.type);
  const countries = join(q.countries, q.country);
  const memberStates = join([...(q.memberState ?? []), ...(q.memberStates ?? [])], undefined);
  if (themes) out.themes = themes;
  if (participants) out.participants = participants;
  if (types) out.types = types;
  if (countries) out.countries = countries;
  if (memberStates) out.memberStates = memberStates;
  return out;
}

/** `f` as query parameters (`themes=a,b`, …; in this order), e.g. for a next-page link. */
export function filterParams(f: Filters): [string, string][] {
  const out: [string, string][] = [];
  for (const key of ['themes', 'participants', 'types', 'countries'] as const) {
    const list = f[key];
    if (list) out.push([key, list.join(',')]);
  }
  if (f.memberStates) out.push(['memberState', f.memberStates.join(',')]);
  return out;
}

/**
 * The countries an event's data (or an item) is about, as the `countries` filter sees them: its
 * `countries` (a practice, a follow-up…), or a meeting's `hostCountry`.
 */
export function countriesOfData(data: unknown): string[] {
  if (data === null || typeof data !== 'object') return [];
  const d = data as { countries?: unknown; meeting?: { hostCountry?: unknown } | null };
  const out = Array.isArray(d.countries)
    ? d.countries.filter((c): c is string => typeof c === 'string')
    : [];
  const host = d.meeting && typeof d.meeting === 'object' ? d.meeting.hostCountry : undefined;
  if (typeof host === 'string' && !out.includes(host)) out.push(host);
  return out;
}

/** What the filters look at in one event (or item). */
export interface Filterable {
  type: string;
  participant: string;
  themes: readonly string[];
  countries: readonly string[];
}

const overlaps = (wanted: readonly string[], have: readonly string[]) =>
  have.some((x) => wanted.includes(x));

/** What `memberStates` needs in memory: the current memberships (`Memberships` fits). */
export interface MemberLookup {
  hasMemberIn(participant: string, countries: readonly string[]): boolean;
}

/**
 * True when `e` passes every list of `f` (OR within a list, AND across lists). `memberStates`
 * needs `members` (without it, it matches nothing: a filter never widens).
 */
export function matchesFilters(f: Filters, e: Filterable, members?: MemberLookup): boolean {
  if (f.memberStates && !(members?.hasMemberIn(e.participant, f.memberStates) ?? false)) {
    return false;
  }
  if (f.types && !f.types.includes(e.type)) return false;
  if (f.participants && !f.participants.includes(e.participant)) return false;
  if (f.themes && !overlaps(f.themes, e.themes)) return false;
  if (f.countries && !overlaps(f.countries, e.countries)) return false;
  return true;
}

/**
 * `schema` refusing unknown query parameters: a 400 whose message names the allowed ones
 * (`unknown query parameter "x"; allowed: …`).
 */
export function strictQuery<S extends z.ZodRawShape>(schema: z.ZodObject<S>) {
  const allowed = Object.keys(schema.shape).sort().join(', ');
  return z.strictObject(schema.shape, {
    error: (iss) =>
      iss.code === 'unrecognized_keys'
        ? `unknown query parameter${iss.keys.length > 1 ? 's' : ''} ` +
          `${iss.keys.map((k) => `"${k}"`).join(', ')}; allowed: ${allowed}`
        : undefined,
  });
}
