import { z } from 'zod';
import {
  CountryCode,
  HttpUrl,
  LocalizedText,
  LocalizedTitle,
  Themes,
  Visibility,
  type ItemKind,
} from './common.ts';

/** Event types of the log. Open to extension: consumers ignore types they do not know. */
export const EVENT_TYPES = {
  practiceShared: 'org.rcpx.practice.shared',
  practiceRevised: 'org.rcpx.practice.revised',
  practiceWithdrawn: 'org.rcpx.practice.withdrawn',
  meetingOutcomeRecorded: 'org.rcpx.meeting.outcome.recorded',
  publicationReleased: 'org.rcpx.publication.released',
} as const;
export type KnownEventType = (typeof EVENT_TYPES)[keyof typeof EVENT_TYPES];
export const KNOWN_EVENT_TYPES: readonly KnownEventType[] = Object.values(EVENT_TYPES);

/** Event type slug: `org.rcpx.` followed by dotted lower-case words. */
export const EventType = z
  .string()
  .regex(/^org\.rcpx\.[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/, 'must be an org.rcpx.* event type');

export const Link = z.union([
  HttpUrl,
  z.object({ url: HttpUrl, title: z.string().trim().min(1).max(300).optional() }).strict(),
]);

export const Contact = z.union([
  z.string().trim().min(1).max(500),
  z
    .object({
      name: z.string().max(200),
      organisation: z.string().max(300),
      email: z.email(),
      phone: z.string().max(50),
      url: HttpUrl,
    })
    .partial()
    .strict(),
]);

/** The fields of a good practice (the data of `practice.shared`). */
export const PracticeData = z
  .object({
    title: LocalizedTitle,
    summary: LocalizedText.optional(),
    body: LocalizedText.optional(),
    themes: Themes,
    visibility: Visibility,
    countries: z.array(CountryCode).max(250).optional(),
    links: z.array(Link).max(50).optional(),
    contact: Contact.optional(),
  })
  .strict();
export type PracticeData = z.infer<typeof PracticeData>;

/** `practice.revised`: the full new state and the names of the fields that changed. */
export const PracticeRevisedData = PracticeData.extend({ changed: z.array(z.string()) });
export type PracticeRevisedData = z.infer<typeof PracticeRevisedData>;

/** `practice.withdrawn`: carries title, themes and visibility so it is routable on its own. */
export const PracticeWithdrawnData = z
  .object({
    title: LocalizedTitle,
    themes: Themes,
    visibility: Visibility,
    reason: z.string().trim().min(1).max(2000).optional(),
  })
  .strict();
export type PracticeWithdrawnData = z.infer<typeof PracticeWithdrawnData>;

export const MEETING_LEVELS = ['ministerial', 'senior-officials', 'technical-workshop'] as const;
export const OUTCOME_KINDS = [
  'declaration',
  'recommendation',
  'action-plan',
  'guidelines',
  'conclusions',
] as const;

export const Outcome = z
  .object({
    kind: z.enum(OUTCOME_KINDS),
    text: z.union([z.string().trim().min(1).max(20_000), LocalizedText]),
    title: LocalizedTitle.optional(),
  })
  .strict();

/** `meeting.outcome.recorded`: a meeting and what it produced. */
export const MeetingData = z
  .object({
    meeting: z
      .object({
        title: LocalizedTitle,
        level: z.enum(MEETING_LEVELS),
        startsOn: z.iso.date(),
        endsOn: z.iso.date().optional(),
        hostCountry: CountryCode.optional(),
        venue: z.string().trim().min(1).max(300).optional(),
      })
      .strict(),
    outcomes: z.array(Outcome).min(1).max(100),
    summary: LocalizedText.optional(),
    themes: Themes,
    visibility: Visibility,
  })
  .strict();
export type MeetingData = z.infer<typeof MeetingData>;

export const PUBLICATION_KINDS = [
  'research',
  'model-legislation',
  'training',
  'statistics',
  'report',
  'guidelines',
] as const;

/** `publication.released`. */
export const PublicationData = z
  .object({
    title: LocalizedTitle,
    summary: LocalizedText.optional(),
    kind: z.enum(PUBLICATION_KINDS),
    url: HttpUrl,
    languages: z
      .array(z.string().regex(/^[a-z]{2,3}$/, 'must be an ISO 639 language code'))
      .max(50)
      .optional(),
    publishedOn: z.iso.date().optional(),
    themes: Themes,
    visibility: Visibility,
  })
  .strict();
export type PublicationData = z.infer<typeof PublicationData>;

/** The data schema of each known event type. */
export const EVENT_DATA = {
  [EVENT_TYPES.practiceShared]: PracticeData,
  [EVENT_TYPES.practiceRevised]: PracticeRevisedData,
  [EVENT_TYPES.practiceWithdrawn]: PracticeWithdrawnData,
  [EVENT_TYPES.meetingOutcomeRecorded]: MeetingData,
  [EVENT_TYPES.publicationReleased]: PublicationData,
} as const;

/** The aggregate kind an event type belongs to (`org.rcpx.<kind>.…`). */
export function kindOfType(type: string): ItemKind | string {
  return type.split('.')[2] ?? 'unknown';
}

/** A CloudEvents 1.0 structured-mode event of the exchange log. */
export const CloudEvent = z.object({
  specversion: z.literal('1.0'),
  id: z.uuid(),
  source: z.string().min(1),
  type: EventType,
  subject: z.string().min(1),
  time: z.iso.datetime({ offset: true }),
  datacontenttype: z.literal('application/json'),
  rcpxseq: z.number().int().positive(),
  rcpxversion: z.number().int().positive(),
  data: z.record(z.string(), z.unknown()),
});
export type CloudEvent = z.infer<typeof CloudEvent>;

/** An event as written, before the log assigns it a seq. */
export type NewEvent = Omit<CloudEvent, 'rcpxseq'>;

/** Every item's data carries these, whatever its type: the routing fields of the log. */
export const RoutingFields = z.object({ themes: z.array(z.string()), visibility: Visibility });
export type RoutingFields = z.infer<typeof RoutingFields>;
