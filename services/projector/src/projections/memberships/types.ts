import { EVENT_TYPES, type MembershipOverride } from '@rcpx/contracts';

/** The event types the memberships projection folds. */
export const MEMBERSHIP_EVENT_TYPES: ReadonlySet<string> = new Set([EVENT_TYPES.membershipChanged]);

/** One `<rm>.memberships` row: the latest change of a process/state pair. */
export type MembershipState = MembershipOverride;
