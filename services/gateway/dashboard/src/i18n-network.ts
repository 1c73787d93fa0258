import type { Lang } from './i18n.ts';

// The words of the network panels (who learns from whom, open queries, follow-up), en/fr/es.

/** Adoption stages, in the order the drawing stacks them. */
export const STAGES = ['adopted', 'adapted', 'piloting', 'considering', 'declined'] as const;
export type Stage = (typeof STAGES)[number];

/** Follow-up statuses (`none`: nothing reported), in the order the bars stack them. */
export const STATUSES = [
  'implemented',
  'in-progress',
  'planned',
  'not-started',
  'dropped',
  'none',
] as const;
export type Status = (typeof STATUSES)[number];

export interface NetworkStrings {
  network: string;
  flows: string;
  flowsFrom: string;
  flowsTo: string;
  flowsEmpty: string;
  stages: Record<Stage, string>;
  /** One band of the drawing: `to` is at `stage` with `n` practices of `from`. */
  flow: (to: string, stage: string, n: number, from: string) => string;
  /** The drawing as a whole, for assistive technology. */
  flowsSummary: (links: number, practices: number) => string;
  queries: string;
  queriesEmpty: string;
  replies: (n: number) => string;
  asked: (n: number) => string;
  /** Time left until the end of the deadline day (UTC). */
  left: (d: number, hms: string) => string;
  closing: string;
  until: (date: string) => string;
  followUps: string;
  followUpsEmpty: string;
  statuses: Record<Status, string>;
  implemented: (n: number, total: number) => string;
  overdue: (n: number) => string;
  /** Shown in time travel: the panels are live only. */
  liveOnly: string;
  unavailable: string;
}

const en: NetworkStrings = {
  network: 'The network',
  flows: 'Who learns from whom',
  flowsFrom: 'Shared by',
  flowsTo: 'Taken up by',
  flowsEmpty: 'No adoption recorded yet.',
  stages: {
    adopted: 'adopted',
    adapted: 'adapted',
    piloting: 'piloting',
    considering: 'considering',
    declined: 'declined',
  },
  flow: (to, stage, n, from) =>
    `${to} — ${stage}: ${n === 1 ? '1 practice' : `${n} practices`} of ${from}`,
  flowsSummary: (links, n) => `${links} flows between processes, ${n} practices`,
  queries: 'Open questions to the network',
  queriesEmpty: 'No open question.',
  replies: (n) => (n === 1 ? '1 reply' : `${n} replies`),
  asked: (n) => `${n} asked`,
  left: (d, hms) => `${d} d ${hms} left`,
  closing: 'Deadline passed — closing',
  until: (date) => `Replies until ${date} (UTC)`,
  followUps: 'Follow-up of recommendations',
  followUpsEmpty: 'No recommendation to follow up yet.',
  statuses: {
    implemented: 'implemented',
    'in-progress': 'in progress',
    planned: 'planned',
    'not-started': 'not started',
    dropped: 'dropped',
    none: 'no report',
  },
  implemented: (n, total) => `${n}/${total} implemented`,
  overdue: (n) => `${n} overdue`,
  liveOnly: 'Live only: back to live to see the network.',
  unavailable: 'Not available right now — retrying.',
};

const fr: NetworkStrings = {
  network: 'Le réseau',
  flows: 'Qui apprend de qui',
  flowsFrom: 'Partagé par',
  flowsTo: 'Repris par',
  flowsEmpty: 'Aucune adoption enregistrée pour l’instant.',
  stages: {
    adopted: 'adoptée',
    adapted: 'adaptée',
    piloting: 'à l’essai',
    considering: 'à l’étude',
    declined: 'écartée',
  },
  flow: (to, stage, n, from) =>
    `${to} — ${stage} : ${n <= 1 ? `${n} pratique` : `${n} pratiques`} de ${from}`,
  flowsSummary: (links, n) => `${links} flux entre processus, ${n} pratiques`,
  queries: 'Questions ouvertes au réseau',
  queriesEmpty: 'Aucune question ouverte.',
  replies: (n) => (n <= 1 ? `${n} réponse` : `${n} réponses`),
  asked: (n) => (n <= 1 ? `${n} sollicité` : `${n} sollicités`),
  left: (d, hms) => `encore ${d} j ${hms}`,
  closing: 'Échéance passée — clôture',
  until: (date) => `Réponses jusqu’au ${date} (UTC)`,
  followUps: 'Suivi des recommandations',
  followUpsEmpty: 'Aucune recommandation à suivre pour l’instant.',
  statuses: {
    implemented: 'mise en œuvre',
    'in-progress': 'en cours',
    planned: 'prévue',
    'not-started': 'pas commencée',
    dropped: 'abandonnée',
    none: 'aucun rapport',
  },
  implemented: (n, total) => `${n}/${total} mises en œuvre`,
  overdue: (n) => `${n} en retard`,
  liveOnly: 'En direct seulement : revenez au direct pour voir le réseau.',
  unavailable: 'Indisponible pour l’instant — nouvel essai.',
};

const es: NetworkStrings = {
  network: 'La red',
  flows: 'Quién aprende de quién',
  flowsFrom: 'Compartida por',
  flowsTo: 'Retomada por',
  flowsEmpty: 'Aún no se ha registrado ninguna adopción.',
  stages: {
    adopted: 'adoptada',
    adapted: 'adaptada',
    piloting: 'en prueba',
    considering: 'en estudio',
    declined: 'descartada',
  },
  flow: (to, stage, n, from) =>
    `${to} — ${stage}: ${n === 1 ? '1 práctica' : `${n} prácticas`} de ${from}`,
  flowsSummary: (links, n) => `${links} flujos entre procesos, ${n} prácticas`,
  queries: 'Preguntas abiertas a la red',
  queriesEmpty: 'Ninguna pregunta abierta.',
  replies: (n) => (n === 1 ? '1 respuesta' : `${n} respuestas`),
  asked: (n) => (n === 1 ? '1 consultado' : `${n} consultados`),
  left: (d, hms) => `quedan ${d} d ${hms}`,
  closing: 'Plazo vencido — cerrando',
  until: (date) => `Respuestas hasta el ${date} (UTC)`,
  followUps: 'Seguimiento de las recomendaciones',
  followUpsEmpty: 'Aún no hay recomendaciones que seguir.',
  statuses: {
    implemented: 'implementada',
    'in-progress': 'en curso',
    planned: 'prevista',
    'not-started': 'sin iniciar',
    dropped: 'abandonada',
    none: 'sin informe',
  },
  implemented: (n, total) => `${n}/${total} implementadas`,
  overdue: (n) => `${n} con retraso`,
  liveOnly: 'Solo en directo: vuelva al directo para ver la red.',
  unavailable: 'No disponible por ahora — reintentando.',
};

const STRINGS: Record<Lang, NetworkStrings> = { en, fr, es };

/** The network panels' strings in `lang`. */
export function networkStrings(lang: Lang): NetworkStrings {
  return STRINGS[lang];
}

/**
 * Time left until the end of `deadline` (`YYYY-MM-DD`, the last day to reply, UTC) at `now`
 * (ms): whole days and `hh:mm:ss`, or null once past.
 */
export function timeLeft(deadline: string, now: number): { days: number; hms: string } | null {
  const end = Date.parse(`${deadline}T00:00:00Z`) + 86_400_000;
  if (!Number.isFinite(end)) return null;
  const s = Math.floor((end - now) / 1000);
  if (s <= 0) return null;
  const pad = (n: number) => String(n).padStart(2, '0');
  const days = Math.floor(s / 86_400);
  const r = s % 86_400;
  return {
    days,
    hms: `${pad(Math.floor(r / 3600))}:${pad(Math.floor((r % 3600) / 60))}:${pad(r % 60)}`,
  };
}
