/** A participant of the exchange: an RCP secretariat or an observer organisation. */
export interface Participant {
  readonly slug: string;
  readonly name: string;
  readonly acronym: string;
  readonly kind: 'rcp' | 'observer';
  readonly region: string;
  readonly founded: number;
}

/** The registry: the nine RCPs of the 2005 GCIM–IOM workshop, later RCPs, and the observers. */
export const PARTICIPANTS: readonly Participant[] = Object.freeze([
  {
    slug: 'igc',
    name: 'Inter-governmental Consultations on Migration, Asylum and Refugees',
    acronym: 'IGC',
    kind: 'rcp',
    region: 'Europe, North America and Australia',
    founded: 1985,
  },
  {
    slug: 'budapest-process',
    name: 'Budapest Process',
    acronym: 'Budapest Process',
    kind: 'rcp',
    region: 'Europe and Central Asia',
    founded: 1993,
  },
  {
    slug: 'bali-process',
    name: 'Bali Process on People Smuggling, Trafficking in Persons and Related Transnational Crime',
    acronym: 'Bali Process',
    kind: 'rcp',
    region: 'Asia-Pacific',
    founded: 2002,
  },
  {
    slug: 'colombo-process',
    name: 'Ministerial Consultation on Overseas Employment and Contractual Labour for Countries of Origin in Asia',
    acronym: 'Colombo Process',
    kind: 'rcp',
    region: 'Asia',
    founded: 2003,
  },
  {
    slug: 'apc',
    name: 'Inter-governmental Asia-Pacific Consultations on Refugees, Displaced Persons and Migrants',
    acronym: 'APC',
    kind: 'rcp',
    region: 'Asia-Pacific',
    founded: 1996,
  },
  {
    slug: 'puebla-process',
    name: 'Regional Conference on Migration',
    acronym: 'RCM / Puebla Process',
    kind: 'rcp',
    region: 'North and Central America',
    founded: 1996,
  },
  {
    slug: 'lima-process',
    name: 'South American Conference on Migration',
    acronym: 'SACM / Lima Process',
    kind: 'rcp',
    region: 'South America',
    founded: 1999,
  },
  {
    slug: 'midsa',
    name: 'Migration Dialogue for Southern Africa',
    acronym: 'MIDSA',
    kind: 'rcp',
    region: 'Southern Africa',
    founded: 2000,
  },
  {
    slug: '5plus5',
    name: '5+5 Dialogue on Migration in the Western Mediterranean',
    acronym: '5+5 Dialogue',
    kind: 'rcp',
    region: 'Western Mediterranean',
    founded: 2002,
  },
  {
    slug: 'iom',
    name: 'International Organization for Migration',
    acronym: 'IOM',
    kind: 'observer',
    region: 'Global',
    founded: 1951,
  },
  {
    slug: 'unhcr',
    name: 'Office of the United Nations High Commissioner for Refugees',
    acronym: 'UNHCR',
    kind: 'observer',
    region: 'Global',
    founded: 1950,
  },
  {
    slug: 'ilo',
    name: 'International Labour Organization',
    acronym: 'ILO',
    kind: 'observer',
    region: 'Global',
    founded: 1919,
  },
]);

const bySlug = new Map(PARTICIPANTS.map((p) => [p.slug, p]));

/** The registry entry for a slug, if registered. */
export function findParticipant(slug: string): Participant | undefined {
  return bySlug.get(slug);
}
