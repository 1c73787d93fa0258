import {
  assignRefs,
  canRead,
  EVENT_TYPES,
  followUpIdOf,
  routingOf,
  type FollowUpBody,
  type FollowUpReportedData,
  type MeetingData,
  type Outcome,
  type Visibility,
} from '@rcpx/contracts';
import type { AggregateDecider, AggregateDecision, LoggedEvent } from '../aggregate-handler.ts';
import type { Actor, DomainError, ItemState } from '../decider.ts';

// A reporter's follow-up of one meeting outcome: one aggregate per (meeting, ref, reporter),
// whose events are the reporter's successive reports (the latest supersedes the earlier ones).

/** A follow-up as its events say: how many reports its reporter made so far. */
export interface FollowUpState {
  version: number;
}

/**
 * Report a status of outcome `ref` of meeting `meetingId`. The route loads the meeting from the
 * log (`meeting`: its state as the meeting's decider folds it) so that `decide` stays pure.
 */
export interface ReportFollowUp {
  type: 'report';
  meetingId: string;
  ref: string;
  actor: Actor;
  body: FollowUpBody;
  meeting: ItemState;
}

export const initialState = (): FollowUpState => ({ version: 0 });

const refuse = (error: DomainError): AggregateDecision => ({ ok: false, error });

/** The outcomes of a meeting's last data, with the refs a legacy meeting reads with. */
export function outcomesOf(data: Record<string, unknown>): Outcome[] {
  const outcomes = (data as Partial<MeetingData>).outcomes;
  return Array.isArray(outcomes) ? assignRefs(outcomes, new Set()) : [];
}

/**
 * The audience of a report: the meeting's; an `rcps` list also names the meeting's owner (the
 * reporter, who could read the meeting, is the owner or already listed).
 */
export function audienceOf(visibility: Visibility, owner: string, reporter: string): Visibility {
  if (visibility.level !== 'rcps' || reporter === owner || visibility.rcps.includes(owner)) {
    return visibility;
  }
  return { level: 'rcps', rcps: [...visibility.rcps, owner] };
}

/**
 * Whether the actor may report on the outcome, and the event if so: 404 when the meeting does
 * not exist or the actor may not read it, 409 when it is withdrawn, 404 for a ref that is not
 * among its current outcomes, 403 unless the actor is its owner or an addressee of the outcome.
 */
export function decide(command: ReportFollowUp, state: FollowUpState): AggregateDecision {
  const { meeting, meetingId, ref, actor, body } = command;
  const noMeeting = refuse({ code: 'not-found', detail: `No meeting ${meetingId}.` });
  if (meeting.status === 'none') return noMeeting;
  const routing = routingOf(meeting.data);
  const { visibility } = routing;
  if (!canRead(actor.reader, visibility, meeting.owner)) return noMeeting;
  if (meeting.status === 'withdrawn') {
    return refuse({ code: 'withdrawn', detail: `The meeting ${meetingId} is withdrawn.` });
  }
  const outcome = outcomesOf(meeting.data).find((o) => o.ref === ref);
  if (!outcome) {
    return refuse({ code: 'not-found', detail: `No outcome "${ref}" in meeting ${meetingId}.` });
  }
  const reporter = actor.participant;
  if (reporter !== meeting.owner && !(outcome.addressees ?? []).includes(reporter)) {
    return refuse({
      code: 'forbidden',
      detail:
        `Only ${meeting.owner}, the publisher of the meeting, and the addressees of outcome ` +
        `"${ref}" may report its follow-up.`,
    });
  }
  const data: FollowUpReportedData = {
    meetingId,
    ref,
    status: body.status,
    text: body.text,
    ...(body.countries !== undefined ? { countries: body.countries } : {}),
    ...(body.links !== undefined ? { links: body.links } : {}),
    outcomeKind: outcome.kind,
    ...(outcome.title !== undefined ? { outcomeTitle: outcome.title } : {}),
    themes: routing.themes,
    visibility: audienceOf(visibility, meeting.owner, reporter),
  };
  const id = followUpIdOf(meetingId, ref, reporter);
  return {
    ok: true,
    event: {
      type: EVENT_TYPES.followUpReported,
      subject: `meetings/${meetingId}/follow-ups/${id}`,
      version: state.version + 1,
      data,
    },
  };
}

/** A follow-up after one of its reports. */
export function evolve(state: FollowUpState, event: LoggedEvent): FollowUpState {
  return event.type === EVENT_TYPES.followUpReported ? { version: event.version } : state;
}

/** The follow-up decider, for `handleAggregate` (NATS subject `followup.<followUpId>`). */
export const followUpDecider: AggregateDecider<ReportFollowUp, FollowUpState> = {
  initialState,
  decide,
  evolve,
};
