import { z } from 'zod';
import { PARTICIPANTS, findParticipant } from './participants.ts';
import { unknownSlugMessage } from './suggest.ts';
import { THEMES, findTheme } from './themes.ts';
import { LANGUAGES, LIMITS, PATTERNS } from './limits.ts';

export const Language = z.enum(LANGUAGES);
export type Language = z.infer<typeof Language>;

const PARTICIPANT_SLUGS = PARTICIPANTS.map((p) => p.slug);
const THEME_SLUGS = THEMES.map((t) => t.slug);

/** A participant slug that is in the registry; otherwise the message names the nearest one. */
export const ParticipantSlug = z
  .string()
  .regex(PATTERNS.participantSlug, 'must be a participant slug')
  .refine((s) => findParticipant(s) !== undefined, {
    error: (issue) =>
      unknownSlugMessage('participant', String(issue.input), PARTICIPANT_SLUGS, '/v1/participants'),
  });

/** A theme slug of the taxonomy; otherwise the message names the nearest one. */
export const ThemeSlug = z.string().refine((s) => findTheme(s) !== undefined, {
  error: (issue) => unknownSlugMessage('theme', String(issue.input), THEME_SLUGS, '/v1/themes'),
});

/** 1..8 distinct theme slugs. */
export const Themes = z
  .array(ThemeSlug)
  .min(1)
  .max(LIMITS.themes)
  .refine((a) => new Set(a).size === a.length, { message: 'themes must be distinct' });

/** ISO 3166-1 alpha-2 country code (upper case). */
export const CountryCode = z
  .string()
  .regex(PATTERNS.countryCode, 'must be an ISO 3166-1 alpha-2 code');

const text = (max: number) => z.string().trim().min(1).max(max);

/** Localised text: an object keyed by language, at least one of en/fr/es present. */
export const localized = (max: number) =>
  z
    .object(
      Object.fromEntries(LANGUAGES.map((l) => [l, text(max).optional()])) as Record<
        Language,
        z.ZodOptional<ReturnType<typeof text>>
      >,
    )
    .strict()
    .refine((o) => LANGUAGES.some((l) => o[l] !== undefined), {
      message: `at least one of ${LANGUAGES.join(', ')} is required`,
    });
export const LocalizedTitle = localized(LIMITS.title);
export const LocalizedText = localized(LIMITS.text);
export type Localized = z.infer<typeof LocalizedText>;

/** Who may read an item. */
export const Visibility = z.discriminatedUnion('level', [
  z.object({ level: z.literal('public') }).strict(),
  z.object({ level: z.literal('members') }).strict(),
  z
    .object({ level: z.literal('rcps'), rcps: z.array(ParticipantSlug).min(1).max(LIMITS.rcps) })
    .strict(),
]);
export type Visibility = z.infer<typeof Visibility>;

export const PUBLIC: Visibility = Object.freeze({ level: 'public' });

export const HttpUrl = z
  .url({ protocol: /^https?$/, hostname: z.regexes.hostname })
  .max(LIMITS.url);

/** Aggregate kinds of the log; open to extension. */
export const ITEM_KINDS = ['practice', 'meeting', 'publication'] as const;
export const ItemKind = z.enum(ITEM_KINDS);
export type ItemKind = z.infer<typeof ItemKind>;
