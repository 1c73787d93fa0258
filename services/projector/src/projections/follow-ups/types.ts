import { EVENT_TYPES, type FollowUpReport } from '@rcpx/contracts';

/** The event types the follow-ups projection folds: a meeting's life, and the reports. */
export const FOLLOW_UP_EVENT_TYPES: ReadonlySet<string> = new Set([
  EVENT_TYPES.meetingOutcomeRecorded,
  EVENT_TYPES.meetingRevised,
  EVENT_TYPES.meetingWithdrawn,
  EVENT_TYPES.followUpReported,
]);

type Localized = Partial<Record<'en' | 'fr' | 'es', string>>;

/** An outcome as the projection keeps it: one `<rm>.follow_up_outcomes` row. */
export interface OutcomeState {
  id: string;
  meeting_id: string;
  ref: string;
  position: number;
  kind: string;
  title: Localized | null;
  text: unknown;
  addressees: string[];
  due_on: string | null;
  current: boolean;
  tracked: boolean;
  participant: string;
  meeting_status: 'active' | 'withdrawn';
  meeting_title: Localized;
  starts_on: string;
  themes: string[];
  vis_level: 'public' | 'members' | 'rcps';
  vis_rcps: string[];
  /** The latest report of each reporter, most recent first. */
  latest: FollowUpReport[];
  last_status: string | null;
  closed: boolean;
  updated_seq: number;
}

/** A report as the history keeps it: one `<rm>.follow_up_reports` row. */
export interface ReportRow {
  seq: number;
  follow_up_id: string;
  meeting_id: string;
  ref: string;
  participant: string;
  version: number;
  status: string;
  text: unknown;
  countries: string[];
  links: unknown[];
  time: string;
}

/**
 * What the projection keeps of a meeting (the key): its outcomes by ref (those it has now and
 * those a revision removed), the reports a batch appends, and whether it was withdrawn (final).
 */
export interface MeetingFollowUps {
  meetingId: string;
  outcomes: ReadonlyMap<string, OutcomeState>;
  /** Reports of this batch, in seq order (the history rows to insert). */
  reports: readonly ReportRow[];
  /** The refs whose row this batch changed. */
  changed: ReadonlySet<string>;
}
