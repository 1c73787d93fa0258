import {
  assignRefs,
  CLOSING_STATUSES,
  EVENT_TYPES,
  outcomeIdOf,
  type FollowUpReport,
  type FollowUpReportedData,
  type FollowUpStatus,
  type MeetingData,
  type Outcome,
  type Visibility,
  type WithdrawnData,
} from '@rcpx/contracts';
import type { ProjectedEvent } from '../../decode.ts';
import {
  FOLLOW_UP_EVENT_TYPES,
  type MeetingFollowUps,
  type OutcomeState,
  type ReportRow,
} from './types.ts';

/** The meeting an event is about: its own id, or a report's `meetingId`. */
export function meetingOf(e: ProjectedEvent): string {
  if (e.type !== EVENT_TYPES.followUpReported) return e.itemId;
  const id = (e.data as Partial<FollowUpReportedData>).meetingId;
  return typeof id === 'string' ? id.toLowerCase() : e.itemId;
}

/**
 * Listed by the tracker: every recommendation, and any outcome with addressees, a due date or at
 * least one report.
 */
export function isTracked(
  o: Pick<OutcomeState, 'kind' | 'addressees' | 'due_on' | 'latest'>,
): boolean {
  return (
    o.kind === 'recommendation' ||
    o.addressees.length > 0 ||
    o.due_on !== null ||
    o.latest.length > 0
  );
}

const closes = (status: string) => CLOSING_STATUSES.includes(status as FollowUpStatus);

function routing(v: Visibility): Pick<OutcomeState, 'vis_level' | 'vis_rcps'> {
  return { vis_level: v.level, vis_rcps: v.level === 'rcps' ? [...v.rcps] : [] };
}

const withdrawnAlready = (s: MeetingFollowUps) =>
  [...s.outcomes.values()].some((o) => o.meeting_status === 'withdrawn');

/** A meeting recorded or revised: its outcomes now (refs kept), the others marked removed. */
function stated(s: MeetingFollowUps, e: ProjectedEvent): MeetingFollowUps {
  if (withdrawnAlready(s)) return s; // withdrawn is final, as in the items projection
  const data = e.data as MeetingData;
  const meeting = {
    participant: e.participant,
    meeting_status: 'active' as const,
    meeting_title: data.meeting.title,
    starts_on: data.meeting.startsOn,
    themes: [...data.themes],
    ...routing(data.visibility),
    updated_seq: e.seq,
  };
  const outcomes = new Map<string, OutcomeState>();
  const changed = new Set(s.changed);
  assignRefs(data.outcomes, new Set()).forEach((o: Outcome, position) => {
    const ref = o.ref!;
    const prior = s.outcomes.get(ref);
    const latest = prior?.latest ?? [];
    const fields = {
      kind: o.kind,
      addressees: o.addressees ? [...o.addressees] : [],
      due_on: o.dueOn ?? null,
      latest,
    };
    outcomes.set(ref, {
      id: outcomeIdOf(s.meetingId, ref),
      meeting_id: s.meetingId,
      ref,
      position,
      title: o.title ?? null,
      text: o.text,
      ...fields,
      current: true,
      tracked: isTracked(fields),
      ...meeting,
      last_status: prior?.last_status ?? null,
      closed: prior?.closed ?? false,
    });
    changed.add(ref);
  });
  for (const [ref, prior] of s.outcomes) {
    if (outcomes.has(ref)) continue;
    outcomes.set(ref, { ...prior, ...meeting, current: false });
    changed.add(ref);
  }
  return { ...s, outcomes, changed };
}

/** A meeting withdrawn: every outcome with it (their reports are hidden with the meeting). */
function withdrawn(s: MeetingFollowUps, e: ProjectedEvent): MeetingFollowUps {
  if (withdrawnAlready(s)) return s;
  const data = e.data as WithdrawnData;
  const outcomes = new Map<string, OutcomeState>();
  const changed = new Set(s.changed);
  for (const [ref, o] of s.outcomes) {
    outcomes.set(ref, {
      ...o,
      meeting_status: 'withdrawn',
      ...routing(data.visibility),
      updated_seq: e.seq,
    });
    changed.add(ref);
  }
  return { ...s, outcomes, changed };
}

/** A report: appended to the history; the reporter's latest on its outcome. */
function reported(s: MeetingFollowUps, e: ProjectedEvent): MeetingFollowUps {
  const data = e.data as FollowUpReportedData;
  const report: FollowUpReport = {
    id: e.itemId,
    participant: e.participant,
    version: e.version,
    seq: e.seq,
    time: e.time,
    status: data.status,
    text: data.text as Record<string, string>,
    countries: data.countries ? [...data.countries] : [],
    links: data.links ? [...data.links] : [],
  };
  const row: ReportRow = {
    seq: e.seq,
    follow_up_id: e.itemId,
    meeting_id: s.meetingId,
    ref: data.ref,
    participant: e.participant,
    version: e.version,
    status: data.status,
    text: data.text,
    countries: report.countries,
    links: report.links,
    time: e.time,
  };
  const reports = [...s.reports, row];
  const prior = s.outcomes.get(data.ref);
  if (!prior) return { ...s, reports }; // not written by ingest: history only, never listed
  const latest = [report, ...prior.latest.filter((r) => r.participant !== e.participant)];
  const outcomes = new Map(s.outcomes);
  outcomes.set(data.ref, {
    ...prior,
    latest,
    last_status: data.status,
    closed: latest.some((r) => closes(r.status)),
    tracked: true,
    updated_seq: e.seq,
  });
  return { ...s, outcomes, reports, changed: new Set(s.changed).add(data.ref) };
}

/** The follow-ups of a meeting after an event (other types leave it as it is). */
export function evolve(
  state: MeetingFollowUps | undefined,
  e: ProjectedEvent,
): MeetingFollowUps | undefined {
  if (!e.known || !FOLLOW_UP_EVENT_TYPES.has(e.type)) return state;
  const s: MeetingFollowUps = state ?? {
    meetingId: meetingOf(e),
    outcomes: new Map(),
    reports: [],
    changed: new Set(),
  };
  switch (e.type) {
    case EVENT_TYPES.meetingWithdrawn:
      return withdrawn(s, e);
    case EVENT_TYPES.followUpReported:
      return reported(s, e);
    default:
      return stated(s, e);
  }
}
