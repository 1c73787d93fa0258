import { EVENT_TYPES } from '@rcpx/contracts';

/** The event types the `queries` projection handles. */
export const QUERY_EVENT_TYPES: ReadonlySet<string> = new Set([
  EVENT_TYPES.queryLaunched,
  EVENT_TYPES.queryReplied,
  EVENT_TYPES.queryReplyRevised,
  EVENT_TYPES.queryClosed,
]);

/** The reply types (their item id is the reply's; `data.query` the query's). */
export const REPLY_EVENT_TYPES: ReadonlySet<string> = new Set([
  EVENT_TYPES.queryReplied,
  EVENT_TYPES.queryReplyRevised,
]);

type Texts = { text_en: string; text_fr: string; text_es: string };

/** A row of `<rm>.queries` as the projection writes it. */
export interface QueryState extends Texts {
  id: string;
  participant: string;
  status: 'open' | 'closed';
  title: Record<string, string>;
  questions: unknown[];
  themes: string[];
  addressees: string[];
  repliers: string[];
  deadline: string;
  vis_level: 'public' | 'members' | 'rcps';
  vis_rcps: string[];
  version: number;
  launched_seq: number;
  updated_seq: number;
  created_at: string;
  closed_at: string | null;
  closed_by: 'launcher' | 'deadline' | null;
}

/** A row of `<rm>.query_replies`. */
export interface ReplyState extends Texts {
  id: string;
  query_id: string;
  participant: string;
  version: number;
  answers: unknown[];
  vis_level: 'public' | 'members' | 'rcps';
  vis_rcps: string[];
  created_seq: number;
  updated_seq: number;
  created_at: string;
  updated_at: string;
}
