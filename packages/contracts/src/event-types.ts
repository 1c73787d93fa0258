// The event type names alone, without the schemas (zod): light enough for the browser bundles.

/** Event types of the log. Open to extension: consumers ignore types they do not know. */
export const EVENT_TYPES = {
  practiceShared: 'org.rcpx.practice.shared',
  practiceRevised: 'org.rcpx.practice.revised',
  practiceWithdrawn: 'org.rcpx.practice.withdrawn',
  meetingOutcomeRecorded: 'org.rcpx.meeting.outcome.recorded',
  meetingRevised: 'org.rcpx.meeting.revised',
  meetingWithdrawn: 'org.rcpx.meeting.withdrawn',
  publicationReleased: 'org.rcpx.publication.released',
  publicationRevised: 'org.rcpx.publication.revised',
  publicationWithdrawn: 'org.rcpx.publication.withdrawn',
  membershipChanged: 'org.rcpx.membership.changed',
  queryLaunched: 'org.rcpx.query.launched',
  queryReplied: 'org.rcpx.query.replied',
  queryReplyRevised: 'org.rcpx.query.reply.revised',
  queryClosed: 'org.rcpx.query.closed',
  practiceAdoptionRecorded: 'org.rcpx.practice.adoption.recorded',
  followUpReported: 'org.rcpx.followup.reported',
} as const;
export type KnownEventType = (typeof EVENT_TYPES)[keyof typeof EVENT_TYPES];
export const KNOWN_EVENT_TYPES: readonly KnownEventType[] = Object.values(EVENT_TYPES);
