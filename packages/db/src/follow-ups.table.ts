import type { ColumnType, Selectable } from 'kysely';

type Json = ColumnType<unknown, string, string>;
type BigSeq = ColumnType<number, number, number>;

/**
 * `<rm>.follow_up_outcomes` (projection `follow-ups`): every outcome of every meeting, with the
 * meeting's routing fields copied onto it and the latest report of each reporter (`latest`, most
 * recent first). `current`: still in the meeting's outcomes; `tracked`: a recommendation, or an
 * outcome with addressees, a due date or a report; `closed`: some reporter's latest status is
 * implemented or dropped.
 */
export interface FollowUpOutcomesTable {
  id: string;
  meeting_id: string;
  ref: string;
  position: number;
  kind: string;
  title: Json | null;
  text: Json;
  addressees: string[];
  due_on: ColumnType<string | null, string | null, string | null>;
  current: boolean;
  tracked: boolean;
  participant: string;
  meeting_status: 'active' | 'withdrawn';
  meeting_title: Json;
  starts_on: string;
  themes: string[];
  vis_level: 'public' | 'members' | 'rcps';
  vis_rcps: string[];
  latest: Json;
  last_status: string | null;
  closed: boolean;
  updated_seq: BigSeq;
}
export type FollowUpOutcomeRow = Selectable<FollowUpOutcomesTable>;

/** `<rm>.follow_up_reports`: every follow-up report (the history), by seq. */
export interface FollowUpReportsTable {
  seq: BigSeq;
  follow_up_id: string;
  meeting_id: string;
  ref: string;
  participant: string;
  version: number;
  status: string;
  text: Json;
  countries: string[];
  links: Json;
  time: Date;
}
export type FollowUpReportRow = Selectable<FollowUpReportsTable>;
