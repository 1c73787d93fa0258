import type { RegistryMembership } from './registry-entry.ts';

// 12 member states (countries of origin in Asia; Cambodia joined in 2019). The eight countries
// of destination that take part as observers are the "Observer States" of the Migrant Forum in
// Asia page and of IOM's launch note of the Colombo Process website.
export const COLOMBO_PROCESS: RegistryMembership = {
  participant: 'colombo-process',
  members: ['AF', 'BD', 'KH', 'CN', 'IN', 'ID', 'NP', 'PK', 'PH', 'LK', 'TH', 'VN'],
  observers: ['BH', 'IT', 'KW', 'MY', 'QA', 'KR', 'SA', 'AE'],
  asOf: '2024-06',
  source: {
    name: 'The Tribune (India), "India moots more member states for Colombo Process" (June 2024), and Migrant Forum in Asia — Colombo Process',
    url: 'https://www.tribuneindia.com/news/india/india-moots-more-member-states-for-colombo-process-635271',
  },
  note: 'Read: both pages name the 12 members and the 8 destination countries (observers, per the MFA page).',
};
