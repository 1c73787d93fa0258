import { APC } from './memberships/apc.ts';
import { BALI_PROCESS } from './memberships/bali-process.ts';
import { BUDAPEST_PROCESS } from './memberships/budapest-process.ts';
import { COLOMBO_PROCESS } from './memberships/colombo-process.ts';
import { FIVE_PLUS_FIVE } from './memberships/5plus5.ts';
import { IGC } from './memberships/igc.ts';
import { LIMA_PROCESS } from './memberships/lima-process.ts';
import { MIDSA } from './memberships/midsa.ts';
import { PUEBLA_PROCESS } from './memberships/puebla-process.ts';
import type { RegistryMembership } from './memberships/registry-entry.ts';

export type { RegistryMembership, MembershipSourceNote } from './memberships/registry-entry.ts';

/**
 * The member and observer states of the nine RCPs as the registry ships them, each with its
 * date and public source (see `packages/contracts/src/memberships/`). Admin changes
 * (`org.rcpx.membership.changed`) are applied over these.
 */
export const MEMBERSHIP_REGISTRY: readonly RegistryMembership[] = Object.freeze([
  IGC,
  BUDAPEST_PROCESS,
  BALI_PROCESS,
  COLOMBO_PROCESS,
  APC,
  PUEBLA_PROCESS,
  LIMA_PROCESS,
  MIDSA,
  FIVE_PLUS_FIVE,
]);
