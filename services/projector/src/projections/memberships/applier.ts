import type { ProjectionApplier } from '../../applier.ts';
import { fold } from '../../projection.ts';
import { membershipsProjection } from './projection.ts';
import { MEMBERSHIP_EVENT_TYPES, type MembershipState } from './types.ts';
import { writeMemberships } from './writer.ts';

/** Checkpoint `memberships`: `<rm>.memberships`, the admin's changes over the registry. */
export const membershipsApplier: ProjectionApplier = {
  name: 'memberships',
  types: MEMBERSHIP_EVENT_TYPES,
  async apply(trx, schema, events) {
    const states = fold(membershipsProjection, new Map(), events);
    const changed = [...states.values()].filter((s): s is MembershipState => s !== undefined);
    await writeMemberships(trx, schema, changed);
  },
};
