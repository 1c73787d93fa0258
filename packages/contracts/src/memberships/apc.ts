import type { RegistryMembership } from './registry-entry.ts';

// The APC (1996) is open to every government of the Asia-Pacific region. No page read here
// lists its participants: this list is recalled from the APC's and IOM's pages and is the
// least certain of the registry. Verify against https://apcprocess.net before relying on it.
export const APC: RegistryMembership = {
  participant: 'apc',
  members: [
    'AF',
    'AU',
    'BD',
    'KH',
    'CN',
    'FJ',
    'HK',
    'IN',
    'ID',
    'IR',
    'JP',
    'KI',
    'KR',
    'LA',
    'MY',
    'FM',
    'MN',
    'MM',
    'NR',
    'NP',
    'NZ',
    'PK',
    'PG',
    'PH',
    'WS',
    'SB',
    'LK',
    'TH',
    'TL',
    'VU',
    'VN',
  ],
  observers: [],
  asOf: '2009',
  source: {
    name: 'Inter-governmental Asia-Pacific Consultations on Refugees, Displaced Persons and Migrants (APC) — about us',
    url: 'https://apcprocess.net/aboutus.htm',
  },
  note: 'Recalled, not read: the page read gives the APC history and structure, not its participant list. Verify.',
};
