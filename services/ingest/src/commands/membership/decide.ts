import {
  EVENT_TYPES,
  PUBLIC,
  findParticipant,
  registryRole,
  type MembershipChangedData,
  type MembershipRole,
  type MembershipSource,
} from '@rcpx/contracts';
import { accept, refuse, type Decision, type RecordedEvent } from '../decider.ts';

// The write model of one membership (a process and a state): the admin sets the state's role.
// Pure: the registry's data is code (@rcpx/contracts), the changes are the aggregate's events.

/** `set` a state's role in a process (`none` removes it). Sent by the admin only. */
export interface SetMembership {
  type: 'set';
  participant: string;
  country: string;
  role: MembershipRole;
  asOf?: string | undefined;
  source?: MembershipSource | undefined;
}

/** A pair's role after its events (the registry's before any), and its version. */
export interface MembershipAggregate {
  participant: string;
  country: string;
  role: MembershipRole;
  version: number;
}

/** Before any change: the registry's role of the state in the process. */
export function initialMembership(participant: string, country: string): MembershipAggregate {
  return { participant, country, role: registryRole(participant, country), version: 0 };
}

/** A change recorded: the pair's role is the event's. */
export function evolveMembership(
  state: MembershipAggregate,
  event: RecordedEvent,
): MembershipAggregate {
  if (event.type !== EVENT_TYPES.membershipChanged) return state;
  const d = event.data as Partial<MembershipChangedData>;
  return { ...state, role: d.role ?? state.role, version: event.version };
}

/**
 * Records the role (even when unchanged: a new source or date confirms it). Only a process (an
 * RCP of the registry) has member states; an observer organisation is refused (400).
 */
export function decideMembership(command: SetMembership, state: MembershipAggregate): Decision {
  const p = findParticipant(command.participant);
  if (!p) {
    return refuse({ code: 'not-found', detail: `No participant ${command.participant}.` });
  }
  if (p.kind !== 'rcp') {
    return refuse({
      code: 'invalid',
      detail: `${p.slug} is an observer organisation, not a process: it has no member states.`,
      errors: [
        { path: 'params.slug', message: 'must be a regional consultative process (an RCP)' },
      ],
    });
  }
  const data: MembershipChangedData = {
    participant: command.participant,
    country: command.country,
    role: command.role,
    previousRole: state.role,
    ...(command.asOf !== undefined ? { asOf: command.asOf } : {}),
    ...(command.source !== undefined ? { source: command.source } : {}),
    themes: [],
    visibility: PUBLIC,
  };
  return accept({
    type: EVENT_TYPES.membershipChanged,
    data: { ...data, visibility: { ...PUBLIC } },
  });
}
