import type { RegistryMembership } from './registry-entry.ts';

// 5+5 Dialogue on Migration in the Western Mediterranean: five states of the northern shore and
// five of the southern, unchanged since the Western Mediterranean Forum began (1990).
export const FIVE_PLUS_FIVE: RegistryMembership = {
  participant: '5plus5',
  members: ['ES', 'FR', 'IT', 'MT', 'PT', 'DZ', 'LY', 'MA', 'MR', 'TN'],
  observers: [],
  asOf: '2020-03',
  source: {
    name: 'EU Neighbours South, "5+5 Dialogue: Ministers of Foreign Affairs link migration and development" (Marrakech, 2020)',
    url: 'https://south.euneighbours.eu/news/55-dialogue-ministers-foreign-affairs-link-migration-and-development',
  },
  note: 'Read: the ten member countries named there (also on the Western Mediterranean Forum page); observers there are organisations, not states.',
};
