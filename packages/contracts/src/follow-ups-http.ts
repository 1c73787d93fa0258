import { z } from 'zod';
import { OUTCOME_KINDS, OutcomeRef, ParticipantSlug, ThemeSlug } from './common.ts';
import { strictQuery } from './filters.ts';
import { FOLLOW_UP_STATUSES, FollowUpStatus } from './follow-ups.ts';
import { AccessToken, ReadQuery } from './http.ts';

// The reads of follow-ups: the tracker, an outcome's history, a participant's summary.

/** Path parameters of an outcome. */
export const OutcomeParams = z.object({ id: z.uuid(), ref: OutcomeRef });

/** One report of a follow-up, as read back. */
export const FollowUpReport = z.object({
  id: z.uuid().meta({ description: 'The follow-up (one per outcome and reporter)' }),
  participant: z.string().meta({ description: 'The reporter' }),
  version: z.number().int().meta({ description: 'The nth report of this reporter on it' }),
  seq: z.number().int(),
  time: z.string(),
  status: FollowUpStatus,
  text: z.record(z.string(), z.string()),
  countries: z.array(z.string()),
  links: z.array(z.unknown()),
});
export type FollowUpReport = z.infer<typeof FollowUpReport>;

/** An outcome of the tracker: the outcome, its meeting, and each reporter's latest status. */
export const TrackedOutcome = z.object({
  id: z.uuid().meta({ description: 'The row: uuidv5(meetingId/ref)' }),
  meetingId: z.uuid(),
  ref: z.string(),
  kind: z.enum(OUTCOME_KINDS),
  title: z.record(z.string(), z.string()).nullable(),
  text: z.unknown(),
  addressees: z.array(z.string()),
  dueOn: z.string().nullable(),
  participant: z.string().meta({ description: "The meeting's publisher" }),
  meeting: z.object({ title: z.record(z.string(), z.string()), startsOn: z.string() }),
  themes: z.array(z.string()),
  status: FollowUpStatus.nullable().meta({
    description: 'The status of the most recent report (null: none yet)',
  }),
  overdue: z.boolean(),
  latest: z.array(FollowUpReport).meta({ description: 'The latest report of each reporter' }),
  history: z.string().meta({ description: 'Where every report of this outcome is listed' }),
  seq: z.number().int().meta({ description: 'The last event that changed the row' }),
});
export type TrackedOutcome = z.infer<typeof TrackedOutcome>;

export const TrackedOutcomePage = z.object({
  items: z.array(TrackedOutcome),
  nextCursor: z.string().nullable(),
});

const flag = z
  .enum(['true', 'false'])
  .transform((v) => v === 'true')
  .optional();

/** `GET /v1/follow-ups` query string. Unknown parameters → 400. */
export const FollowUpsQuery = strictQuery(
  ReadQuery.extend({
    participant: ParticipantSlug.optional().meta({ description: "The meeting's publisher" }),
    addressee: ParticipantSlug.optional().meta({ description: 'Outcomes addressed to it' }),
    theme: ThemeSlug.optional().meta({ description: 'Meetings with this theme' }),
    status: z
      .enum([...FOLLOW_UP_STATUSES, 'none'])
      .optional()
      .meta({ description: 'The row status (`none`: no report yet)' }),
    overdue: flag.meta({ description: '`true`: overdue only; `false`: not overdue' }),
    sort: z
      .enum(['recent', 'due'])
      .default('recent')
      .meta({
        description:
          '`recent`: newest change first; `due`: most urgent first — the open outcomes (no ' +
          'latest status `implemented` or `dropped`) by due date, the most overdue first and ' +
          'those without one after them, then the closed ones likewise',
      }),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(500).optional(),
    ...AccessToken,
  }),
);
export type FollowUpsQuery = z.infer<typeof FollowUpsQuery>;

/**
 * `GET /v1/meetings/{id}/outcomes/{ref}/follow-ups`: the outcome and every report on it, oldest
 * first; `GET /v1/meetings/{id}/follow-ups/{followUpId}`: the same for one reporter's follow-up.
 */
export const FollowUpHistory = z.object({
  outcome: TrackedOutcome,
  removed: z.boolean().meta({ description: 'A revision of the meeting removed the outcome' }),
  items: z.array(FollowUpReport),
});

/** Path parameters of one follow-up. */
export const FollowUpParams = z.object({ id: z.uuid(), followUpId: z.uuid() });

/** `GET /v1/participants/{slug}/follow-up`: what the participant owes, as the reader may see. */
export const ParticipantFollowUp = z.object({
  participant: z.string(),
  total: z.number().int().meta({ description: 'Outcomes it is responsible for' }),
  counts: z
    .record(z.string(), z.number().int())
    .meta({ description: 'By its own latest status, `none` when it reported nothing' }),
  overdue: z
    .array(TrackedOutcome)
    .meta({ description: 'The overdue ones, oldest due date first (at most 200)' }),
  shareImplemented: z
    .number()
    .nullable()
    .meta({ description: 'implemented / total (null when total is 0)' }),
});

/** One line of `GET /v1/follow-ups/summary`: a participant's follow-up in counts. */
export const FollowUpSummaryItem = ParticipantFollowUp.omit({ overdue: true }).extend({
  overdueCount: z.number().int().meta({ description: 'How many of them are overdue' }),
});
export type FollowUpSummaryItem = z.infer<typeof FollowUpSummaryItem>;

/**
 * `GET /v1/follow-ups/summary`: what every participant that is responsible for some tracked
 * outcome owes, in counts (as `GET /v1/participants/{slug}/follow-up` without the overdue list).
 */
export const FollowUpSummary = z.object({ items: z.array(FollowUpSummaryItem) });
export type FollowUpSummary = z.infer<typeof FollowUpSummary>;
