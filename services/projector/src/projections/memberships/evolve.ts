import type { MembershipChangedData } from '@rcpx/contracts';
import type { ProjectedEvent } from '../../decode.ts';
import type { MembershipState } from './types.ts';

/** A change with no `source` was recorded by the admin alone. */
export const ADMIN_SOURCE = Object.freeze({ name: 'Recorded by the rcpx admin' });

/**
 * `org.rcpx.membership.changed` → the pair's latest role, with its `asOf` (the event's date when
 * absent) and source. A later event of the pair replaces the earlier one.
 */
export function evolve(
  _state: MembershipState | undefined,
  event: ProjectedEvent,
): MembershipState | undefined {
  const d = event.data as MembershipChangedData;
  return {
    participant: d.participant,
    country: d.country,
    role: d.role,
    asOf: d.asOf ?? event.time.slice(0, 10),
    source: d.source ?? { ...ADMIN_SOURCE },
    seq: event.seq,
  };
}
