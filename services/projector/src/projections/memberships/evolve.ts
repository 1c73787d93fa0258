import { overrideOf, type MembershipChangedData } from '@rcpx/contracts';
import type { ProjectedEvent } from '../../decode.ts';
import type { MembershipState } from './types.ts';

/**
 * `org.rcpx.membership.changed` → the pair's latest role, with its `asOf` (the event's date when
 * absent) and source (the admin when absent). A later event of the pair replaces the earlier one.
 */
export function evolve(
  _state: MembershipState | undefined,
  event: ProjectedEvent,
): MembershipState | undefined {
  return overrideOf(event.data as MembershipChangedData, event.seq, event.time);
}
