import { z } from 'zod';

// The limits, patterns and languages of the event data, stated once: the zod schemas and the
// quick check of the log's events (`quick-check.ts`) are both built from these.

/** The exchange's languages (the keys of localised text). */
export const LANGUAGES = ['en', 'fr', 'es'] as const;

/** Maximum lengths (of strings, trimmed where the schema trims) and sizes (of arrays). */
export const LIMITS = {
  /** A localised title, per language. */
  title: 300,
  /** A localised text (summary, body, outcome text), per language. */
  text: 20_000,
  /** Themes of an item (at least one). */
  themes: 8,
  /** Participants named by an `rcps` visibility (at least one). */
  rcps: 50,
  /** Countries of a practice. */
  countries: 250,
  /** Links of a practice, and a link's title. */
  links: 50,
  linkTitle: 300,
  /** A contact as one text, or its parts. */
  contact: 500,
  contactName: 200,
  contactOrganisation: 300,
  contactPhone: 50,
  /** The reason of a withdrawal. */
  reason: 2000,
  /** Outcomes of a meeting, and the addressees of one. */
  outcomes: 100,
  addressees: 50,
  /** A meeting's venue. */
  venue: 300,
  /** Language codes of a publication. */
  languages: 50,
  /** An http(s) URL. */
  url: 2048,
} as const;

/** The patterns of the event data and of the log's envelope. */
export const PATTERNS = {
  participantSlug: /^[a-z0-9][a-z0-9-]{1,40}$/,
  /** ISO 3166-1 alpha-2, upper case. */
  countryCode: /^[A-Z]{2}$/,
  /** A meeting outcome's ref. */
  outcomeRef: /^[a-z0-9][a-z0-9-]{0,39}$/,
  /** ISO 639 language code. */
  languageCode: /^[a-z]{2,3}$/,
  eventType: /^org\.rcpx\.[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/,
  uuid: z.regexes.uuid(),
  /** `z.iso.date()` */
  date: z.regexes.date,
  /** `z.iso.datetime({ offset: true })` */
  datetime: z.regexes.datetime({ offset: true, local: false, precision: null }),
} as const;
