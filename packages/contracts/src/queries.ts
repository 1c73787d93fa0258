import { z } from 'zod';
import { LocalizedText, LocalizedTitle, ParticipantSlug, Themes, Visibility } from './common.ts';

// "Ask the network": a participant launches a query (questions, themes, addressees, a deadline),
// the addressees reply once (revisable until the query closes), the query closes by its launcher
// or by itself after its deadline. Events on the query's subject `queries/<id>`; a reply's
// subject is `queries/<id>/replies/<replyId>` (replyId = uuidv5(queryId + '/' + participant)).

/** A question's ref: a short slug, unique in its query. */
export const QuestionRef = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be a short slug (a-z, 0-9, -; at most 40)');

export const Question = z.object({ ref: QuestionRef, text: LocalizedText }).strict();
export type Question = z.infer<typeof Question>;

/** Entries with distinct refs (a duplicate names its index). */
const distinctRefs = <T extends { ref: string }>(entries: T[], ctx: z.RefinementCtx) => {
  const seen = new Set<string>();
  entries.forEach((e, i) => {
    if (seen.has(e.ref)) {
      ctx.addIssue({ code: 'custom', path: [i, 'ref'], message: `ref "${e.ref}" is used twice` });
    }
    seen.add(e.ref);
  });
};

export const Questions = z.array(Question).min(1).max(20).superRefine(distinctRefs);

/** A distinct list of participants (the addressees of a query). */
export const Addressees = z
  .array(ParticipantSlug)
  .min(1)
  .max(100)
  .refine((a) => new Set(a).size === a.length, { message: 'addressees must be distinct' });

/** `POST /v1/queries` body. */
export const QueryLaunchBody = z
  .object({
    title: LocalizedTitle,
    questions: Questions,
    themes: Themes,
    addressees: Addressees.optional().meta({
      description:
        'Who is asked (slugs). Default: every other participant of the registry that the ' +
        "query's visibility admits.",
    }),
    deadline: z.iso.date().meta({
      description: 'The last day to reply (UTC), 1–90 days ahead',
      examples: ['2027-01-15'],
    }),
    visibility: Visibility.default({ level: 'public' }),
  })
  .strict();
export type QueryLaunchBody = z.infer<typeof QueryLaunchBody>;

/** `org.rcpx.query.launched`: the query as launched (addressees resolved). */
export const QueryLaunchedData = z
  .object({
    title: LocalizedTitle,
    questions: Questions,
    themes: Themes,
    addressees: z.array(ParticipantSlug).max(100),
    deadline: z.iso.date(),
    visibility: Visibility,
  })
  .strict();
export type QueryLaunchedData = z.infer<typeof QueryLaunchedData>;

export const Answer = z.object({ ref: QuestionRef, text: LocalizedText }).strict();
export type Answer = z.infer<typeof Answer>;

export const Answers = z.array(Answer).min(1).max(20).superRefine(distinctRefs);

/** `POST /v1/queries/{id}/replies` body. */
export const ReplyBody = z
  .object({
    answers: Answers,
    visibility: Visibility.optional().meta({
      description:
        "Who else may read the reply. Default: the query's launcher only. The author and the " +
        "launcher always may; never wider than the query's own audience.",
    }),
  })
  .strict();
export type ReplyBody = z.infer<typeof ReplyBody>;

/** `PATCH /v1/queries/{id}/replies/{participant}` body: the fields to replace, at least one. */
export const ReplyPatchBody = ReplyBody.partial()
  .strict()
  .refine((o) => Object.keys(o).length > 0, { message: 'at least one field to revise' });
export type ReplyPatchBody = z.infer<typeof ReplyPatchBody>;

/**
 * `org.rcpx.query.replied`: the reply (its `visibility` the effective audience: what its author
 * named, within the query's audience, plus the launcher), with the query's id, title and themes.
 */
export const QueryRepliedData = z
  .object({
    query: z.uuid(),
    title: LocalizedTitle,
    answers: Answers,
    themes: Themes,
    visibility: Visibility,
  })
  .strict();
export type QueryRepliedData = z.infer<typeof QueryRepliedData>;

/** `org.rcpx.query.reply.revised`: the full new reply and `changed`. */
export const QueryReplyRevisedData = QueryRepliedData.extend({ changed: z.array(z.string()) });
export type QueryReplyRevisedData = z.infer<typeof QueryReplyRevisedData>;

export const CLOSED_BY = ['launcher', 'deadline'] as const;

/** `org.rcpx.query.closed`: who closed it, how many replies it got, and its routing fields. */
export const QueryClosedData = z
  .object({
    title: LocalizedTitle,
    themes: Themes,
    visibility: Visibility,
    by: z.enum(CLOSED_BY),
    replies: z.number().int().min(0),
  })
  .strict();
export type QueryClosedData = z.infer<typeof QueryClosedData>;

/** The UTC date (`YYYY-MM-DD`) of an instant: "today" on the server. */
export function utcDate(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/** Whole days from the date `from` to the date `to` (`YYYY-MM-DD`; negative when `to` is before). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** A query is due (closes by itself) once its deadline is past: `today` after `deadline`. */
export function queryIsDue(deadline: string, today: string): boolean {
  return today > deadline;
}

/** Where "now" comes from: the system's clock, or a test's. */
export interface Clock {
  now(): Date;
}

/** The system clock. */
export const systemClock: Clock = Object.freeze({ now: () => new Date() });
