import { findParticipant, type Language } from '@rcpx/contracts';

type Texts = Record<Language, string>;

/** The verb an entry's title starts with, per event type. */
export const VERBS: Record<string, Texts> = {
  'org.rcpx.practice.shared': {
    en: 'Practice shared',
    fr: 'Pratique partagée',
    es: 'Práctica compartida',
  },
  'org.rcpx.practice.revised': {
    en: 'Practice revised',
    fr: 'Pratique révisée',
    es: 'Práctica revisada',
  },
  'org.rcpx.practice.withdrawn': {
    en: 'Practice withdrawn',
    fr: 'Pratique retirée',
    es: 'Práctica retirada',
  },
  'org.rcpx.meeting.outcome.recorded': {
    en: 'Meeting outcome',
    fr: 'Résultats de réunion',
    es: 'Resultados de reunión',
  },
  'org.rcpx.meeting.revised': {
    en: 'Meeting outcome revised',
    fr: 'Résultats de réunion révisés',
    es: 'Resultados de reunión revisados',
  },
  'org.rcpx.meeting.withdrawn': {
    en: 'Meeting outcome withdrawn',
    fr: 'Résultats de réunion retirés',
    es: 'Resultados de reunión retirados',
  },
  'org.rcpx.publication.released': { en: 'Publication', fr: 'Publication', es: 'Publicación' },
  'org.rcpx.publication.revised': {
    en: 'Publication revised',
    fr: 'Publication révisée',
    es: 'Publicación revisada',
  },
  'org.rcpx.publication.withdrawn': {
    en: 'Publication withdrawn',
    fr: 'Publication retirée',
    es: 'Publicación retirada',
  },
  'org.rcpx.membership.changed': {
    en: 'Membership changed',
    fr: 'Composition modifiée',
    es: 'Composición modificada',
  },
};

const ROLE_TEXTS: Record<'member' | 'observer' | 'none', Texts> = {
  member: { en: 'now a member of', fr: 'désormais membre de', es: 'ahora miembro de' },
  observer: {
    en: 'now an observer of',
    fr: 'désormais observateur de',
    es: 'ahora observador de',
  },
  none: { en: 'no longer part of', fr: 'ne fait plus partie de', es: 'ya no forma parte de' },
};

/**
 * The title of an `org.rcpx.membership.changed` entry in every language: "TH: now a member of
 * Bali Process" (after the verb). Undefined when the data is not a membership change.
 */
export function membershipTitle(data: Record<string, unknown>): Texts | undefined {
  const { country, role, participant } = data;
  if (typeof country !== 'string' || typeof participant !== 'string') return undefined;
  const texts = ROLE_TEXTS[role as keyof typeof ROLE_TEXTS];
  if (!texts) return undefined;
  const name = findParticipant(participant)?.acronym ?? participant;
  return {
    en: `${country}: ${texts.en} ${name}`,
    fr: `${country} : ${texts.fr} ${name}`,
    es: `${country}: ${texts.es} ${name}`,
  };
}

/** The strings of a feed document and of its entries' links, in the feed's language. */
export interface FeedTexts {
  title: string;
  subtitle: string;
  author: string;
  /** Title of an entry's link to the readable page of its item. */
  itemPage: string;
  /** Title of an entry's link to the item as JSON. */
  itemJson: string;
  /** Title of a publication's link to the document itself. */
  document: string;
}

const EXCHANGE: Texts = { en: 'rcpx exchange', fr: 'Échange rcpx', es: 'Intercambio rcpx' };

const SUBTITLE: Record<'themes' | 'participants', (label: string) => Texts> = {
  themes: (label) => ({
    en: `What the RCPs and observers shared on “${label}”.`,
    fr: `Ce que les PCR et les observateurs ont partagé sur « ${label} ».`,
    es: `Lo que los PCR y los observadores compartieron sobre «${label}».`,
  }),
  participants: (label) => ({
    en: `What ${label} shared on the exchange.`,
    fr: `Ce que ${label} a partagé sur l’échange.`,
    es: `Lo que ${label} compartió en el intercambio.`,
  }),
};

/** The texts of the feed of a theme or a participant, `label` being its name in `lang`. */
export function feedTexts(
  kind: 'themes' | 'participants',
  label: string,
  lang: Language,
): FeedTexts {
  return {
    title: `rcpx — ${label}`,
    subtitle: SUBTITLE[kind](label)[lang],
    author: EXCHANGE[lang],
    itemPage: { en: 'Read it', fr: 'Lire', es: 'Leer' }[lang],
    itemJson: { en: 'As JSON', fr: 'En JSON', es: 'En JSON' }[lang],
    document: {
      en: 'The document',
      fr: 'Le document',
      es: 'El documento',
    }[lang],
  };
}
