import type { RegistryMembership } from './registry-entry.ts';

// IGC calls its members "Participating States"; the European Commission, IOM and UNHCR take
// part as organisations (not states, so not listed). The 17 states below are the ones named by
// the IGC Chair's overview at the Global Meeting of Chairs and Secretariats of RCPs (Bangkok,
// June 2009). Later lists (IOM's IGC page, 2023–24: "19 States") add Austria and Poland,
// recalled, not read in full here: verify before adding them with `rcpx membership set`.
export const IGC: RegistryMembership = {
  participant: 'igc',
  members: [
    'AU',
    'BE',
    'CA',
    'DK',
    'FI',
    'FR',
    'DE',
    'GR',
    'IE',
    'NL',
    'NZ',
    'NO',
    'ES',
    'SE',
    'CH',
    'GB',
    'US',
  ],
  observers: [],
  asOf: '2009-06',
  source: {
    name: 'IGC Chair (Switzerland), "Overview of the IGC", Global Meeting of Chairs and Secretariats of RCPs, Bangkok, 4–5 June 2009',
    url: 'https://www.iom.int/inter-governmental-consultations-migration-asylum-and-refugees-igc',
  },
  note: 'Read: the 2009 overview slide "Current participants". IOM page cited for the current list (19 states), not read in full.',
};
