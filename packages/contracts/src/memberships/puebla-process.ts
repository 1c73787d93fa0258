import type { RegistryMembership } from './registry-entry.ts';

// Regional Conference on Migration (RCM / Puebla Process): 11 member countries and 5 observer
// countries, as its own site says.
export const PUEBLA_PROCESS: RegistryMembership = {
  participant: 'puebla-process',
  members: ['BZ', 'CA', 'CR', 'SV', 'US', 'GT', 'HN', 'MX', 'NI', 'PA', 'DO'],
  observers: ['AR', 'CO', 'EC', 'JM', 'PE'],
  asOf: '2016',
  source: {
    name: 'Regional Conference on Migration (RCM) — About Us',
    url: 'https://portal.crmsv.org/en/about-us',
  },
  note: 'Read: members and observer countries as listed on the RCM page; the RCM site (rcmvs.org) names the same 11 members in its 20th-anniversary text (2016).',
};
