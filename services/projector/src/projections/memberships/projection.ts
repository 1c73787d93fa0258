import type { Projection } from '../../projection.ts';
import { evolve } from './evolve.ts';
import { MEMBERSHIP_EVENT_TYPES, type MembershipState } from './types.ts';

/** `<rm>.memberships`, keyed by process and state. */
export const membershipsProjection: Projection<MembershipState> = {
  name: 'memberships',
  types: MEMBERSHIP_EVENT_TYPES,
  keyOf: (e) => {
    const d = e.data as { participant: string; country: string };
    return `${d.participant}/${d.country}`;
  },
  evolve,
};
