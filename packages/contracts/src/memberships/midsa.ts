import type { RegistryMembership } from './registry-entry.ts';

// Migration Dialogue for Southern Africa: the 16 SADC member states.
export const MIDSA: RegistryMembership = {
  participant: 'midsa',
  members: [
    'AO',
    'BW',
    'KM',
    'SZ',
    'CD',
    'LS',
    'MG',
    'MW',
    'MU',
    'MZ',
    'NA',
    'SC',
    'ZA',
    'TZ',
    'ZM',
    'ZW',
  ],
  observers: [],
  asOf: '2025',
  source: {
    name: 'IOM — Migration Dialogue for Southern Africa (MIDSA), RCP page',
    url: 'https://www.iom.int/migration-dialogue-southern-africa-midsa',
  },
  note: 'Read: "Member States (16 States)" on the IOM page (its chair list runs to Madagascar, 2025).',
};
