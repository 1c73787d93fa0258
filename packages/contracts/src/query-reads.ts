import { z } from 'zod';
import { Language, ParticipantSlug, ThemeSlug, Visibility } from './common.ts';
import { csv, strictQuery } from './filters.ts';
import { AccessToken, ReadQuery } from './http.ts';
import { Answer, CLOSED_BY, Question } from './queries.ts';

// The reads of "ask the network": lists, detail, compilation.

/** Path of a query: `/v1/queries/{id}`. */
export const QueryParams = z.object({ id: z.uuid() });
/** Path of a reply: `/v1/queries/{id}/replies/{reply}`, the reply's id or its author's slug. */
export const ReplyParams = z.object({
  id: z.uuid(),
  reply: z.union([z.uuid(), ParticipantSlug]).meta({
    description: "The reply's id (the `id` its write answered), or its author's slug",
    examples: ['iom'],
  }),
});

const SearchText = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
  z
    .string()
    .trim()
    .max(500)
    .optional()
    .meta({
      description: 'Full text over the query and the replies the caller may read',
      examples: ['retour'],
    }),
);

/** `GET /v1/queries` query string. */
export const QueryListQuery = strictQuery(
  ReadQuery.extend({
    status: z.enum(['open', 'closed']).optional(),
    themes: csv(ThemeSlug, {
      description: 'Theme slugs, comma-separated: queries with any of them',
      examples: [['return-reintegration']],
    }).optional(),
    participants: csv(ParticipantSlug, {
      description: 'Launchers, comma-separated',
      examples: [['puebla-process']],
    }).optional(),
    theme: ThemeSlug.optional().meta({ description: 'Alias of `themes` with one value' }),
    participant: ParticipantSlug.optional().meta({
      description: 'Alias of `participants` with one value (the launcher)',
    }),
    awaiting: ParticipantSlug.optional().meta({
      description:
        'Open queries this participant is asked and has not replied to, soonest deadline ' +
        'first (the participant itself or the admin only)',
    }),
    q: SearchText,
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(500).optional(),
    ...AccessToken,
  }),
);
export type QueryListQuery = z.infer<typeof QueryListQuery>;

/** `GET /v1/queries/{id}` (and its compilation) query string. */
export const QueryReadQuery = strictQuery(
  ReadQuery.extend({
    lang: Language.optional().meta({
      description: 'The compilation language (falls back to the first language present)',
    }),
    ...AccessToken,
  }),
);
export type QueryReadQuery = z.infer<typeof QueryReadQuery>;

/** A reply as read back. */
export const QueryReply = z.object({
  id: z.uuid(),
  query: z.uuid(),
  participant: z.string(),
  version: z.number().int(),
  answers: z.array(Answer),
  visibility: Visibility,
  seq: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type QueryReply = z.infer<typeof QueryReply>;

/** A query as listed. `replyCount` counts the replies the caller may read. */
export const QuerySummary = z.object({
  id: z.uuid(),
  participant: z.string().meta({ description: 'The launcher' }),
  status: z.enum(['open', 'closed']),
  title: z.record(z.string(), z.string()),
  themes: z.array(z.string()),
  addressees: z.array(z.string()),
  deadline: z.string(),
  daysLeft: z.number().int().meta({ description: 'Days until the deadline (UTC); < 0 once past' }),
  visibility: Visibility,
  replyCount: z.number().int().meta({ description: 'The replies the caller may read' }),
  version: z.number().int(),
  seq: z.number().int(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
  closedBy: z.enum(CLOSED_BY).nullable(),
});
export type QuerySummary = z.infer<typeof QuerySummary>;

export const QueryList = z.object({
  items: z.array(QuerySummary),
  nextCursor: z.string().nullable(),
});

/** `GET /v1/queries/{id}`: the query with its questions and the replies the caller may read. */
export const QueryDetail = QuerySummary.extend({
  questions: z.array(Question),
  replies: z.array(QueryReply),
});
export type QueryDetail = z.infer<typeof QueryDetail>;

/** `GET /v1/queries/{id}/compilation`: the replies question by question, in one language. */
export const QueryCompilation = z.object({
  id: z.uuid(),
  lang: Language,
  title: z.object({ lang: Language, text: z.string() }),
  participant: z.string(),
  status: z.enum(['open', 'closed']),
  deadline: z.string(),
  questions: z.array(
    z.object({
      ref: z.string(),
      lang: Language,
      text: z.string(),
      answers: z.array(
        z.object({
          participant: z.string(),
          lang: Language,
          text: z.string(),
          version: z.number(),
        }),
      ),
    }),
  ),
});
export type QueryCompilation = z.infer<typeof QueryCompilation>;
