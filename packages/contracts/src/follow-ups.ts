import { z } from 'zod';
import {
  CountryCode,
  Link,
  LocalizedText,
  LocalizedTitle,
  OUTCOME_KINDS,
  OutcomeRef,
  Themes,
  Visibility,
} from './common.ts';
import { uuid5 } from './uuid5.ts';

// Follow-up of meeting outcomes: the meeting's owner and an outcome's addressees report what
// became of it (`org.rcpx.followup.reported`); a tracker lists the outcomes with their status.

export const FOLLOW_UP_STATUSES = [
  'not-started',
  'planned',
  'in-progress',
  'implemented',
  'dropped',
] as const;
export const FollowUpStatus = z.enum(FOLLOW_UP_STATUSES);
export type FollowUpStatus = z.infer<typeof FollowUpStatus>;

/** The statuses that close an outcome: once a reporter's latest is one, it is not overdue. */
export const CLOSING_STATUSES: readonly FollowUpStatus[] = ['implemented', 'dropped'];

/** `POST /v1/meetings/{id}/outcomes/{ref}/follow-ups` body. */
export const FollowUpBody = z
  .object({
    status: FollowUpStatus,
    text: LocalizedText.meta({ description: 'What was done (localised)' }),
    countries: z
      .array(CountryCode)
      .max(250)
      .optional()
      .meta({ description: 'The states the report concerns (ISO 3166-1 alpha-2)' }),
    links: z.array(Link).max(50).optional(),
  })
  .strict();
export type FollowUpBody = z.infer<typeof FollowUpBody>;

/**
 * `org.rcpx.followup.reported`: a reporter's status of one outcome (subject
 * `meetings/<meetingId>/follow-ups/<followUpId>`). `themes` and `visibility` are the meeting's
 * (an `rcps` list also names the meeting's owner), so the event routes alone; `outcomeKind` and
 * `outcomeTitle` name the outcome for feeds.
 */
export const FollowUpReportedData = FollowUpBody.extend({
  meetingId: z.uuid(),
  ref: OutcomeRef,
  outcomeKind: z.enum(OUTCOME_KINDS),
  outcomeTitle: LocalizedTitle.optional(),
  themes: Themes,
  visibility: Visibility,
}).strict();
export type FollowUpReportedData = z.infer<typeof FollowUpReportedData>;

/** The id of a reporter's follow-up of an outcome: uuidv5(meetingId/ref/reporter). */
export function followUpIdOf(meetingId: string, ref: string, reporter: string): string {
  return uuid5(`${meetingId.toLowerCase()}/${ref}/${reporter}`);
}

/** The id of an outcome as a row of the tracker: uuidv5(meetingId/ref). */
export function outcomeIdOf(meetingId: string, ref: string): string {
  return uuid5(`${meetingId.toLowerCase()}/${ref}`);
}

/** Where an outcome's follow-up history is read. */
export function followUpHistoryPath(meetingId: string, ref: string): string {
  return `/v1/meetings/${meetingId}/outcomes/${ref}/follow-ups`;
}

/** The server's date in UTC (`YYYY-MM-DD`): the "today" of the overdue rule. */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/**
 * THE overdue rule: an outcome is overdue when it has a due date strictly before `today` (the
 * server's UTC date; due today is not yet overdue) and no reporter's latest status is
 * `implemented` or `dropped`. (Its SQL twin is in the query service's follow-ups queries.)
 */
export function isOverdue(
  dueOn: string | null | undefined,
  latestStatuses: readonly string[],
  today: string,
): boolean {
  if (dueOn === null || dueOn === undefined || dueOn >= today) return false;
  return !latestStatuses.some((s) => (CLOSING_STATUSES as readonly string[]).includes(s));
}
