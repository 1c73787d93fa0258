import type { z } from 'zod';
import type {
  FollowUpBody,
  FollowUpHistory,
  FollowUpSummary,
  FollowUpsQuery,
  ParticipantFollowUp,
  TrackedOutcomePage,
  WriteResult,
} from '@rcpx/contracts';
import type { Query, Request } from './methods.ts';
import type { ReadOptions, WriteOptions } from './types.ts';

/** A follow-up report as a caller writes it. */
export type FollowUpInput = z.input<typeof FollowUpBody>;
/** `GET /v1/follow-ups` filters (`overdue` as a boolean). */
export type FollowUpsParams = Partial<Omit<z.input<typeof FollowUpsQuery>, 'overdue'>> & {
  overdue?: boolean;
};
export type FollowUpPage = z.infer<typeof TrackedOutcomePage>;
export type FollowUpHistoryPage = z.infer<typeof FollowUpHistory>;
export type ParticipantFollowUpSummary = z.infer<typeof ParticipantFollowUp>;
export type FollowUpSummaryPage = z.infer<typeof FollowUpSummary>;

/** The follow-up methods of the client (see docs/api.md, "Follow-up of recommendations"). */
export interface FollowUpMethods {
  /** The meeting's owner or an addressee reports on outcome `ref` (201; later ones supersede). */
  reportFollowUp(
    meetingId: string,
    ref: string,
    body: FollowUpInput,
    opts?: WriteOptions,
  ): Promise<WriteResult>;
  /** The tracker: one row per tracked outcome, latest status per reporter, `overdue`. */
  followUps(params?: FollowUpsParams): Promise<FollowUpPage>;
  /** An outcome and every report on it, oldest first. */
  followUpHistory(meetingId: string, ref: string, opts?: ReadOptions): Promise<FollowUpHistoryPage>;
  /** One reporter's follow-up of an outcome (where a report's `Location` points). */
  followUp(meetingId: string, followUpId: string, opts?: ReadOptions): Promise<FollowUpHistoryPage>;
  /** What a participant owes: counts by its latest status, the overdue list, share implemented. */
  participantFollowUp(slug: string, opts?: ReadOptions): Promise<ParticipantFollowUpSummary>;
  /** Every participant that owes follow-up, in counts (`participantFollowUp` without the list). */
  followUpSummary(opts?: ReadOptions): Promise<FollowUpSummaryPage>;
}

/** The follow-up methods over the client's `request`, `withQuery` and write headers. */
export function followUpMethods(
  request: Request,
  withQuery: (path: string, query?: Query) => string,
  writeHeaders: (o?: WriteOptions) => Record<string, string>,
): FollowUpMethods {
  const e = encodeURIComponent;
  return {
    reportFollowUp: (meetingId, ref, body, o) =>
      request(
        'POST',
        `/v1/meetings/${e(meetingId)}/outcomes/${e(ref)}/follow-ups`,
        body,
        writeHeaders(o),
      ),
    followUps: (params = {}) => {
      const { overdue, ...rest } = params;
      return request(
        'GET',
        withQuery('/v1/follow-ups', {
          ...(rest as Query),
          ...(overdue === undefined ? {} : { overdue: String(overdue) }),
        }),
      );
    },
    followUpHistory: (meetingId, ref, o) =>
      request(
        'GET',
        withQuery(`/v1/meetings/${e(meetingId)}/outcomes/${e(ref)}/follow-ups`, { ...o }),
      ),
    followUp: (meetingId, followUpId, o) =>
      request(
        'GET',
        withQuery(`/v1/meetings/${e(meetingId)}/follow-ups/${e(followUpId)}`, { ...o }),
      ),
    participantFollowUp: (slug, o) =>
      request('GET', withQuery(`/v1/participants/${e(slug)}/follow-up`, { ...o })),
    followUpSummary: (o) => request('GET', withQuery('/v1/follow-ups/summary', { ...o })),
  };
}
