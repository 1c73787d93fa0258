import { z } from 'zod';
import {
  CountryCode,
  ParticipantSlug,
  HttpUrl,
  Link,
  LocalizedText,
  OUTCOME_KINDS,
  OutcomeRef,
  LocalizedTitle,
  Themes,
  Visibility,
} from './common.ts';
import { AdoptionRecordedData } from './adoptions.ts';
import { EVENT_TYPES } from './event-types.ts';
import type { KnownEventType } from './event-types.ts';
import { FollowUpReportedData } from './follow-ups.ts';
import { LIMITS, PATTERNS } from './limits.ts';
import { MembershipChangedData } from './memberships.ts';
import {
  QueryClosedData,
  QueryLaunchedData,
  QueryRepliedData,
  QueryReplyRevisedData,
} from './queries.ts';

/** Event type slug: `org.rcpx.` followed by dotted lower-case words. */
export const EventType = z.string().regex(PATTERNS.eventType, 'must be an org.rcpx.* event type');

/** A contact in parts (or a contact is one text: `Contact`). */
export const ContactParts = z
  .object({
    name: z.string().max(LIMITS.contactName),
    organisation: z.string().max(LIMITS.contactOrganisation),
    email: z.email(),
    phone: z.string().max(LIMITS.contactPhone),
    url: HttpUrl,
  })
  .partial()
  .strict();
export const Contact = z.union([z.string().trim().min(1).max(LIMITS.contact), ContactParts]);

/** The fields of a good practice (the data of `practice.shared`). */
export const PracticeData = z
  .object({
    title: LocalizedTitle,
    summary: LocalizedText.optional(),
    body: LocalizedText.optional(),
    themes: Themes,
    visibility: Visibility,
    countries: z.array(CountryCode).max(LIMITS.countries).optional(),
    links: z.array(Link).max(LIMITS.links).optional(),
    contact: Contact.optional(),
  })
  .strict();
export type PracticeData = z.infer<typeof PracticeData>;

/** The names of the top-level fields whose value a revision changed. */
const Changed = z.array(z.string());

/** `practice.revised`: the full new state and the names of the fields that changed. */
export const PracticeRevisedData = PracticeData.extend({ changed: Changed });
export type PracticeRevisedData = z.infer<typeof PracticeRevisedData>;

/**
 * `<kind>.withdrawn`: carries title (a meeting's `meeting.title`), themes and visibility so it is
 * routable on its own, and the optional reason.
 */
export const WithdrawnData = z
  .object({
    title: LocalizedTitle,
    themes: Themes,
    visibility: Visibility,
    reason: z.string().trim().min(1).max(LIMITS.reason).optional(),
  })
  .strict();
export type WithdrawnData = z.infer<typeof WithdrawnData>;

/** `practice.withdrawn`. */
export const PracticeWithdrawnData = WithdrawnData;
export type PracticeWithdrawnData = WithdrawnData;

export const MEETING_LEVELS = ['ministerial', 'senior-officials', 'technical-workshop'] as const;
export const Outcome = z
  .object({
    ref: OutcomeRef.optional().meta({
      description:
        'Stable within the meeting; assigned (`r1`, `r2`, …) when absent. A revision keeps the ' +
        'refs it is sent; an outcome sent without one is a new outcome and gets a new ref.',
    }),
    kind: z.enum(OUTCOME_KINDS),
    text: z.union([z.string().trim().min(1).max(LIMITS.text), LocalizedText]),
    title: LocalizedTitle.optional(),
    addressees: z
      .array(ParticipantSlug)
      .min(1)
      .max(LIMITS.addressees)
      .refine((a) => new Set(a).size === a.length, { message: 'addressees must be distinct' })
      .optional()
      .meta({ description: 'The participants the outcome is addressed to.' }),
    dueOn: z.iso.date().optional().meta({ description: 'When the outcome is due (a date).' }),
  })
  .strict();
export type Outcome = z.infer<typeof Outcome>;

/** 1..100 outcomes whose refs (where given) are distinct. */
export const Outcomes = z
  .array(Outcome)
  .min(1)
  .max(LIMITS.outcomes)
  .superRefine((outcomes, ctx) => {
    const seen = new Set<string>();
    outcomes.forEach((o, i) => {
      if (o.ref === undefined) return;
      if (seen.has(o.ref)) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'ref'],
          message: `ref "${o.ref}" is used twice in this meeting`,
        });
      }
      seen.add(o.ref);
    });
  });

/** The meeting itself (`meeting` of a meeting's data). */
export const MeetingInfo = z
  .object({
    title: LocalizedTitle,
    level: z.enum(MEETING_LEVELS),
    startsOn: z.iso.date(),
    endsOn: z.iso.date().optional(),
    hostCountry: CountryCode.optional(),
    venue: z.string().trim().min(1).max(LIMITS.venue).optional(),
  })
  .strict();

/** `meeting.outcome.recorded`: a meeting and what it produced. */
export const MeetingData = z
  .object({
    meeting: MeetingInfo,
    outcomes: Outcomes,
    summary: LocalizedText.optional(),
    themes: Themes,
    visibility: Visibility,
  })
  .strict();
export type MeetingData = z.infer<typeof MeetingData>;

/** `meeting.revised`: the full new state (every outcome with its ref) and `changed`. */
export const MeetingRevisedData = MeetingData.extend({ changed: Changed });
export type MeetingRevisedData = z.infer<typeof MeetingRevisedData>;

/** `meeting.withdrawn` (`title` is the meeting's title). */
export const MeetingWithdrawnData = WithdrawnData;
export type MeetingWithdrawnData = WithdrawnData;

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
      .array(z.string().regex(PATTERNS.languageCode, 'must be an ISO 639 language code'))
      .max(LIMITS.languages)
      .optional(),
    publishedOn: z.iso.date().optional(),
    themes: Themes,
    visibility: Visibility,
  })
  .strict();
export type PublicationData = z.infer<typeof PublicationData>;

/** `publication.revised`: the full new state and `changed`. */
export const PublicationRevisedData = PublicationData.extend({ changed: Changed });
export type PublicationRevisedData = z.infer<typeof PublicationRevisedData>;

/** `publication.withdrawn`. */
export const PublicationWithdrawnData = WithdrawnData;
export type PublicationWithdrawnData = WithdrawnData;

/** The data schema of each known event type. */
export const EVENT_DATA = {
  [EVENT_TYPES.practiceShared]: PracticeData,
  [EVENT_TYPES.practiceRevised]: PracticeRevisedData,
  [EVENT_TYPES.practiceWithdrawn]: PracticeWithdrawnData,
  [EVENT_TYPES.meetingOutcomeRecorded]: MeetingData,
  [EVENT_TYPES.meetingRevised]: MeetingRevisedData,
  [EVENT_TYPES.meetingWithdrawn]: MeetingWithdrawnData,
  [EVENT_TYPES.publicationReleased]: PublicationData,
  [EVENT_TYPES.publicationRevised]: PublicationRevisedData,
  [EVENT_TYPES.publicationWithdrawn]: PublicationWithdrawnData,
  [EVENT_TYPES.membershipChanged]: MembershipChangedData,
  [EVENT_TYPES.queryLaunched]: QueryLaunchedData,
  [EVENT_TYPES.queryReplied]: QueryRepliedData,
  [EVENT_TYPES.queryReplyRevised]: QueryReplyRevisedData,
  [EVENT_TYPES.queryClosed]: QueryClosedData,
  [EVENT_TYPES.practiceAdoptionRecorded]: AdoptionRecordedData,
  [EVENT_TYPES.followUpReported]: FollowUpReportedData,
} as const;

/** The event types of the items (practices, meetings, publications): not of other aggregates. */
export const ITEM_EVENT_TYPES: readonly KnownEventType[] = [
  EVENT_TYPES.practiceShared,
  EVENT_TYPES.practiceRevised,
  EVENT_TYPES.practiceWithdrawn,
  EVENT_TYPES.meetingOutcomeRecorded,
  EVENT_TYPES.meetingRevised,
  EVENT_TYPES.meetingWithdrawn,
  EVENT_TYPES.publicationReleased,
  EVENT_TYPES.publicationRevised,
  EVENT_TYPES.publicationWithdrawn,
];

/** The event types that revise an item (data: the full new state and `changed`). */
export const REVISED_TYPES: readonly KnownEventType[] = [
  EVENT_TYPES.practiceRevised,
  EVENT_TYPES.meetingRevised,
  EVENT_TYPES.publicationRevised,
];

/** The event types that withdraw an item (data: title, themes, visibility, reason?). */
export const WITHDRAWN_TYPES: readonly KnownEventType[] = [
  EVENT_TYPES.practiceWithdrawn,
  EVENT_TYPES.meetingWithdrawn,
  EVENT_TYPES.publicationWithdrawn,
];

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
