/** The dashboard's languages (those of the exchange). */
export const LANGS = ['en', 'fr', 'es'] as const;
export type Lang = (typeof LANGS)[number];

export interface Strings {
  title: string;
  subtitle: string;
  connecting: string;
  live: string;
  reconnecting: string;
  offline: string;
  asOf: (seq: number) => string;
  latest: string;
  themes: string;
  participants: string;
  allThemes: string;
  filter: string;
  clearFilter: string;
  removeFilter: (label: string) => string;
  toggleTheme: (label: string) => string;
  items: (n: number) => string;
  /** Before the first counts and ticker arrived. */
  loading: string;
  empty: string;
  emptyFiltered: string;
  backToLive: string;
  earlier: string;
  later: string;
  language: string;
  types: Record<string, string>;
  otherType: string;
}

const en: Strings = {
  title: 'Live exchange',
  subtitle: 'Regional Consultative Processes on migration',
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  offline: 'Offline — retrying',
  asOf: (seq) => `As of seq ${seq}`,
  latest: 'Latest',
  themes: 'Themes',
  participants: 'Participants',
  allThemes: 'All themes',
  filter: 'Showing',
  clearFilter: 'Show all themes',
  removeFilter: (label) => `Stop filtering on ${label}`,
  toggleTheme: (label) => `Filter on ${label}`,
  items: (n) => (n === 1 ? '1 item' : `${n} items`),
  loading: 'Loading the exchange…',
  empty: 'Nothing shared yet. New practices, meeting outcomes and publications appear here.',
  emptyFiltered: 'Nothing on these themes yet.',
  backToLive: 'Back to live',
  earlier: 'Earlier',
  later: 'Later',
  language: 'Language',
  types: {
    'org.rcpx.practice.shared': 'shared a practice',
    'org.rcpx.practice.revised': 'revised a practice',
    'org.rcpx.practice.withdrawn': 'withdrew a practice',
    'org.rcpx.meeting.outcome.recorded': 'recorded a meeting outcome',
    'org.rcpx.meeting.revised': 'revised a meeting outcome',
    'org.rcpx.meeting.withdrawn': 'withdrew a meeting outcome',
    'org.rcpx.publication.released': 'released a publication',
    'org.rcpx.publication.revised': 'revised a publication',
    'org.rcpx.publication.withdrawn': 'withdrew a publication',
    'org.rcpx.practice.adoption.recorded': 'recorded where it stands with a practice',
    'org.rcpx.followup.reported': 'reported on a recommendation',
    'org.rcpx.query.launched': 'asked the network',
    'org.rcpx.query.replied': 'replied to a question',
    'org.rcpx.query.reply.revised': 'revised a reply',
    'org.rcpx.query.closed': 'closed a question',
  },
  otherType: 'published an update',
};

const fr: Strings = {
  title: 'Échanges en direct',
  subtitle: 'Processus consultatifs régionaux sur la migration',
  connecting: 'Connexion…',
  live: 'En direct',
  reconnecting: 'Reconnexion…',
  offline: 'Hors ligne — nouvel essai',
  asOf: (seq) => `État au seq ${seq}`,
  latest: 'Dernières nouvelles',
  themes: 'Thèmes',
  participants: 'Participants',
  allThemes: 'Tous les thèmes',
  filter: 'Affichage',
  clearFilter: 'Afficher tous les thèmes',
  removeFilter: (label) => `Ne plus filtrer sur ${label}`,
  toggleTheme: (label) => `Filtrer sur ${label}`,
  items: (n) => (n <= 1 ? `${n} élément` : `${n} éléments`),
  loading: 'Chargement de l’échange…',
  empty:
    'Rien de partagé pour l’instant. Les pratiques, résultats de réunions et publications apparaissent ici.',
  emptyFiltered: 'Rien sur ces thèmes pour l’instant.',
  backToLive: 'Retour au direct',
  earlier: 'Avant',
  later: 'Après',
  language: 'Langue',
  types: {
    'org.rcpx.practice.shared': 'a partagé une pratique',
    'org.rcpx.practice.revised': 'a révisé une pratique',
    'org.rcpx.practice.withdrawn': 'a retiré une pratique',
    'org.rcpx.meeting.outcome.recorded': 'a consigné les résultats d’une réunion',
    'org.rcpx.meeting.revised': 'a révisé les résultats d’une réunion',
    'org.rcpx.meeting.withdrawn': 'a retiré les résultats d’une réunion',
    'org.rcpx.publication.released': 'a diffusé une publication',
    'org.rcpx.publication.revised': 'a révisé une publication',
    'org.rcpx.publication.withdrawn': 'a retiré une publication',
    'org.rcpx.practice.adoption.recorded': 'a indiqué où il en est avec une pratique',
    'org.rcpx.followup.reported': 'a rendu compte d’une recommandation',
    'org.rcpx.query.launched': 'a interrogé le réseau',
    'org.rcpx.query.replied': 'a répondu à une question',
    'org.rcpx.query.reply.revised': 'a révisé une réponse',
    'org.rcpx.query.closed': 'a clos une question',
  },
  otherType: 'a publié une mise à jour',
};

const es: Strings = {
  title: 'Intercambio en directo',
  subtitle: 'Procesos consultivos regionales sobre migración',
  connecting: 'Conectando…',
  live: 'En directo',
  reconnecting: 'Reconectando…',
  offline: 'Sin conexión — reintentando',
  asOf: (seq) => `Estado en el seq ${seq}`,
  latest: 'Lo último',
  themes: 'Temas',
  participants: 'Participantes',
  allThemes: 'Todos los temas',
  filter: 'Mostrando',
  clearFilter: 'Mostrar todos los temas',
  removeFilter: (label) => `Dejar de filtrar por ${label}`,
  toggleTheme: (label) => `Filtrar por ${label}`,
  items: (n) => (n === 1 ? '1 elemento' : `${n} elementos`),
  loading: 'Cargando el intercambio…',
  empty:
    'Aún no se ha compartido nada. Las prácticas, resultados de reuniones y publicaciones aparecen aquí.',
  emptyFiltered: 'Aún nada sobre estos temas.',
  backToLive: 'Volver al directo',
  earlier: 'Antes',
  later: 'Después',
  language: 'Idioma',
  types: {
    'org.rcpx.practice.shared': 'compartió una práctica',
    'org.rcpx.practice.revised': 'revisó una práctica',
    'org.rcpx.practice.withdrawn': 'retiró una práctica',
    'org.rcpx.meeting.outcome.recorded': 'registró los resultados de una reunión',
    'org.rcpx.meeting.revised': 'revisó los resultados de una reunión',
    'org.rcpx.meeting.withdrawn': 'retiró los resultados de una reunión',
    'org.rcpx.publication.released': 'difundió una publicación',
    'org.rcpx.publication.revised': 'revisó una publicación',
    'org.rcpx.publication.withdrawn': 'retiró una publicación',
    'org.rcpx.practice.adoption.recorded': 'indicó en qué punto está con una práctica',
    'org.rcpx.followup.reported': 'informó sobre una recomendación',
    'org.rcpx.query.launched': 'consultó a la red',
    'org.rcpx.query.replied': 'respondió a una pregunta',
    'org.rcpx.query.reply.revised': 'revisó una respuesta',
    'org.rcpx.query.closed': 'cerró una pregunta',
  },
  otherType: 'publicó una actualización',
};

const STRINGS: Record<Lang, Strings> = { en, fr, es };

/** The UI strings of `lang`. */
export function strings(lang: Lang): Strings {
  return STRINGS[lang];
}

/** `raw` when it is one of the languages, else the browser's language if supported, else en. */
export function pickLang(raw: string | null, preferred: readonly string[] = []): Lang {
  for (const candidate of [raw, ...preferred]) {
    const base = candidate?.toLowerCase().slice(0, 2);
    if ((LANGS as readonly string[]).includes(base ?? '')) return base as Lang;
  }
  return 'en';
}

/** What an event type did, in words (`shared a practice`). */
export function typeInWords(lang: Lang, type: string): string {
  const s = STRINGS[lang];
  return s.types[type] ?? s.otherType;
}

/**
 * The text of a localised field (`{en, fr, es}`) in `lang`, else in the first language present
 * (en, fr, es, then any): with the language it is in, for the `lang` attribute.
 */
export function localized(text: unknown, lang: Lang): { text: string; lang: string } | null {
  if (typeof text === 'string') return { text, lang: '' };
  if (text === null || typeof text !== 'object') return null;
  const o = text as Record<string, unknown>;
  for (const l of [lang, ...LANGS, ...Object.keys(o)]) {
    const v = o[l];
    if (typeof v === 'string' && v.trim() !== '') return { text: v, lang: l };
  }
  return null;
}
