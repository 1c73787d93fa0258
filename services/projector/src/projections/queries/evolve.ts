import { EVENT_TYPES, type Visibility } from '@rcpx/contracts';
import type { ProjectedEvent } from '../../decode.ts';
import { QUERY_EVENT_TYPES, REPLY_EVENT_TYPES, type QueryState, type ReplyState } from './types.ts';

const LANGS = ['en', 'fr', 'es'] as const;

/** The localised texts of `values`, joined per language. */
function textsOf(values: unknown[]): { text_en: string; text_fr: string; text_es: string } {
  const parts = { en: [] as string[], fr: [] as string[], es: [] as string[] };
  for (const v of values) {
    if (v === null || typeof v !== 'object') continue;
    for (const l of LANGS) {
      const s = (v as Record<string, unknown>)[l];
      if (typeof s === 'string' && s !== '') parts[l].push(s);
    }
  }
  return {
    text_en: parts.en.join('\n'),
    text_fr: parts.fr.join('\n'),
    text_es: parts.es.join('\n'),
  };
}

const visibilityColumns = (v: Visibility) => ({
  vis_level: v.level,
  vis_rcps: v.level === 'rcps' ? [...v.rcps] : [],
});

/** The query id an event of the projection is about. */
export function queryIdOf(e: ProjectedEvent): string {
  return REPLY_EVENT_TYPES.has(e.type) ? String(e.data.query) : e.itemId;
}

/**
 * A query's row after `e` (pure): launched creates it; a reply adds its author to `repliers`;
 * every event on its subject counts in `version`; closed closes it (once).
 */
export function evolveQuery(
  state: QueryState | undefined,
  e: ProjectedEvent,
): QueryState | undefined {
  if (!e.known || !QUERY_EVENT_TYPES.has(e.type)) return state;
  const d = e.data;
  if (e.type === EVENT_TYPES.queryLaunched) {
    const questions = d.questions as { text: unknown }[];
    return {
      id: e.itemId,
      participant: e.participant,
      status: 'open',
      title: d.title as Record<string, string>,
      questions,
      themes: e.themes,
      addressees: d.addressees as string[],
      repliers: [],
      deadline: d.deadline as string,
      ...visibilityColumns(e.visibility),
      version: 1,
      launched_seq: e.seq,
      updated_seq: e.seq,
      created_at: e.time,
      closed_at: null,
      closed_by: null,
      ...textsOf([d.title, ...questions.map((q) => q.text)]),
    };
  }
  if (state === undefined) return state;
  const next = { ...state, version: state.version + 1, updated_seq: e.seq };
  if (e.type === EVENT_TYPES.queryClosed) {
    if (state.status === 'closed') return state;
    return {
      ...next,
      version: e.version,
      status: 'closed',
      closed_at: e.time,
      closed_by: d.by as 'launcher' | 'deadline',
    };
  }
  if (e.type === EVENT_TYPES.queryReplied && !state.repliers.includes(e.participant)) {
    next.repliers = [...state.repliers, e.participant];
  }
  return next;
}

/** A reply's row after `e` (pure), under the effective visibility its event carries. */
export function evolveReply(
  state: ReplyState | undefined,
  e: ProjectedEvent,
): ReplyState | undefined {
  if (!e.known || !REPLY_EVENT_TYPES.has(e.type)) return state;
  const answers = e.data.answers as { text: unknown }[];
  return {
    id: e.itemId,
    query_id: String(e.data.query),
    participant: e.participant,
    version: e.version,
    answers,
    ...visibilityColumns(e.visibility),
    created_seq: state?.created_seq ?? e.seq,
    updated_seq: e.seq,
    created_at: state?.created_at ?? e.time,
    updated_at: e.time,
    ...textsOf(answers.map((a) => a.text)),
  };
}
