import type { Bus } from '@rcpx/bus';
import { eventSubject, membershipIdOf } from '@rcpx/contracts';
import type { Idempotency } from '../../idempotency.ts';
import { handleAggregate, type AggregateDecider } from '../aggregate-handler.ts';
import type { CommandResult } from '../handler.ts';
import {
  decideMembership,
  evolveMembership,
  initialMembership,
  type MembershipAggregate,
  type SetMembership,
} from './decide.ts';

/** The NATS subject kind of the membership aggregates. */
export const MEMBERSHIP_KIND = 'membership';

/** The decider of one process/state pair (`memberships/<uuid5(participant/country)>`). */
export function membershipDecider(
  participant: string,
  country: string,
): AggregateDecider<SetMembership, MembershipAggregate> {
  const id = membershipIdOf(participant, country);
  return {
    initialState: () => initialMembership(participant, country),
    evolve: evolveMembership,
    decide(command, state) {
      const d = decideMembership(command, state);
      return d.ok
        ? {
            ok: true,
            event: {
              ...d.event,
              subject: eventSubject('membership', id),
              version: state.version + 1,
            },
          }
        : d;
    },
  };
}

/**
 * Sets a membership through `handleAggregate`: load the pair's subject, decide, append expecting
 * its last seq. The admin's writes carry no `If-Match`: a concurrent change of the same pair is
 * decided again on the new state (the last write wins; both are in the log). The event's source
 * is the process (`/participants/<slug>`), so it belongs to that process's activity and feeds.
 */
export function handleMembership(
  bus: Bus,
  command: SetMembership,
  idempotency: Idempotency | undefined,
): Promise<CommandResult> {
  return handleAggregate(bus, membershipDecider(command.participant, command.country), {
    kind: MEMBERSHIP_KIND,
    id: membershipIdOf(command.participant, command.country),
    command,
    participant: command.participant,
    idempotency,
    status: 200,
  });
}
