import { z } from 'zod';
import { ItemKind, Language, ParticipantSlug, PUBLIC, ThemeSlug, Visibility } from './common.ts';
import { MeetingData, PracticeData, PublicationData } from './events.ts';
import { FilterFields, strictQuery } from './filters.ts';
import { LIMITS } from './limits.ts';

const withDefaultVisibility = <S extends z.ZodRawShape, C extends z.core.$ZodObjectConfig>(
  schema: z.ZodObject<S, C>,
) => schema.extend({ visibility: Visibility.default(PUBLIC) });

/** `POST /v1/practices` body. `visibility` defaults to public. */
export const PracticeCreateBody = withDefaultVisibility(PracticeData);
export type PracticeCreateBody = z.infer<typeof PracticeCreateBody>;

/** An optional field of a PATCH body: its value replaces, `null` removes it (JSON Merge Patch). */
type Removable<F> =
  F extends z.ZodOptional<infer I extends z.ZodType>
    ? z.ZodOptional<z.ZodNullable<I>>
    : z.ZodOptional<F extends z.ZodType ? F : never>;

/** A required field of a PATCH body: `null` is refused naming the field (it cannot be removed). */
const notRemovable = (name: string, field: z.ZodType) =>
  field.clone({
    ...field.def,
    error: (issue: { input?: unknown }) =>
      issue.input === null ? `${name} is required: it cannot be removed` : undefined,
  } as typeof field.def);

/**
 * A PATCH body of an item, JSON Merge Patch style (RFC 7396) at the top level: each field sent
 * replaces the item's, an optional field sent as `null` is removed (`null` on a required field:
 * 400 naming it), at least one field.
 */
const patchBodyOf = <S extends z.ZodRawShape>(schema: z.ZodObject<S>) => {
  const shape = Object.fromEntries(
    Object.entries(schema.shape).map(([name, field]) => [
      name,
      field instanceof z.ZodOptional
        ? (field.unwrap() as z.ZodType).nullable().optional()
        : notRemovable(name, field as z.ZodType).optional(),
    ]),
  ) as { [K in keyof S]: Removable<S[K]> };
  return z
    .object(shape)
    .strict()
    .refine((o) => Object.keys(o).length > 0, { message: 'at least one field to revise' });
};

/** `PATCH /v1/practices/{id}` body: the fields to replace (top-level; `null` removes), at least one. */
export const PracticePatchBody = patchBodyOf(PracticeData);
export type PracticePatchBody = z.infer<typeof PracticePatchBody>;

/**
 * `PATCH /v1/meetings/{id}` body. `outcomes` replaces the list: an outcome keeps the `ref` it is
 * sent with; one without `ref` is new and gets a new ref.
 */
export const MeetingPatchBody = patchBodyOf(MeetingData);
export type MeetingPatchBody = z.infer<typeof MeetingPatchBody>;

/** `PATCH /v1/publications/{id}` body. */
export const PublicationPatchBody = patchBodyOf(PublicationData);
export type PublicationPatchBody = z.infer<typeof PublicationPatchBody>;

/** `DELETE /v1/practices|meetings|publications/{id}` optional body. */
export const WithdrawBody = z
  .object({ reason: z.string().trim().min(1).max(LIMITS.reason).optional() })
  .strict();

/** `POST /v1/meetings` body. */
export const MeetingCreateBody = withDefaultVisibility(MeetingData);
export type MeetingCreateBody = z.infer<typeof MeetingCreateBody>;

/** `POST /v1/publications` body. */
export const PublicationCreateBody = withDefaultVisibility(PublicationData);
export type PublicationCreateBody = z.infer<typeof PublicationCreateBody>;

/** The answer to every write. */
export const WriteResult = z.object({
  id: z.uuid(),
  version: z.number().int().positive(),
  seq: z.number().int().positive(),
});
export type WriteResult = z.infer<typeof WriteResult>;

export const IdParams = z.object({ id: z.uuid() });

export const TOKEN_ROLES = ['publisher', 'reader'] as const;
/** `POST /v1/admin/tokens` body. */
export const TokenCreateBody = z
  .object({
    participant: ParticipantSlug,
    role: z.enum(TOKEN_ROLES),
    label: z.string().trim().min(1).max(200).optional(),
  })
  .strict();
export type TokenCreateBody = z.infer<typeof TokenCreateBody>;
export const TokenCreated = z.object({
  id: z.uuid(),
  token: z.string(),
  participant: z.string(),
  role: z.enum(TOKEN_ROLES),
});

const seqParam = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** Query string of every read: read-your-writes. */
export const ReadQuery = z.object({
  minSeq: seqParam.optional().meta({
    description: 'Read your writes: wait (≤ 5 s) until the read models hold this seq, else 503',
    examples: [42],
  }),
});

/**
 * `GET /v1/practices|meetings|publications/{id}`: `lang` is the language of the readable HTML
 * page (`Accept: text/html`); the JSON is the same in every language.
 */
export const ItemQuery = ReadQuery.extend({
  lang: Language.optional().meta({
    description: 'Language of the readable HTML page (Accept: text/html)',
    examples: ['fr'],
  }),
});

/**
 * `access_token`: the bearer token as a query parameter, which the auth plugin reads on every GET
 * (browsers' WebSocket and EventSource cannot set headers): every strict query string allows it.
 */
export const AccessToken = {
  access_token: z
    .string()
    .max(500)
    .optional()
    .meta({
      description: 'The bearer token, for browsers that cannot set headers (never logged)',
      examples: ['rcpx_…'],
    }),
};

// an empty `q=` (a cleared search box) means no search
const SearchText = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
  z
    .string()
    .trim()
    .max(500)
    .optional()
    .meta({
      description: 'Full text in every language, accents and case ignored (web search syntax)',
      examples: ['victimes'],
    }),
);
const Cursor = z
  .string()
  .max(500)
  .optional()
  .meta({ description: 'The `nextCursor` of the previous page', examples: ['eyJzIjo0Mn0'] });
const pageLimit = (max: number, fallback: number) =>
  z.coerce
    .number()
    .int()
    .min(1)
    .max(max)
    .default(fallback)
    .meta({ description: `Page size (1–${max})`, examples: [fallback] });

/** `GET /v1/practices|meetings|publications` query string. Unknown parameters → 400. */
export const ListQuery = strictQuery(
  ReadQuery.extend({
    ...FilterFields.shape,
    q: SearchText,
    limit: pageLimit(200, 50),
    cursor: Cursor,
    ...AccessToken,
  }),
);
export type ListQuery = z.infer<typeof ListQuery>;

/** `GET /v1/activity` query string: the list's. */
export const ActivityQuery = ListQuery;
export type ActivityQuery = z.infer<typeof ActivityQuery>;

/** `GET /v1/search` query string: `q` (required), the filters, ranked pages. */
export const SearchQuery = strictQuery(
  ReadQuery.extend({
    ...FilterFields.shape,
    q: z
      .string()
      .trim()
      .min(1)
      .max(500)
      .meta({
        description: 'Words, "a phrase", or, -not (web search syntax); accents and case ignored',
        examples: ['depart'],
      }),
    limit: pageLimit(200, 20),
    cursor: Cursor,
    ...AccessToken,
  }),
);
export type SearchQuery = z.infer<typeof SearchQuery>;

/** `GET /v1/events` query string. */
export const EventsQuery = strictQuery(
  ReadQuery.extend({
    after: seqParam
      .default(0)
      .meta({ description: 'Events with a seq above this one', examples: [0] }),
    limit: pageLimit(1000, 100),
    ...FilterFields.shape,
    ...AccessToken,
  }),
);
export type EventsQuery = z.infer<typeof EventsQuery>;

/** `GET /v1/live` query string (WebSocket and SSE). */
export const LiveQuery = strictQuery(
  FilterFields.extend({
    after: seqParam
      .optional()
      .meta({ description: 'Resume: every matching event above this seq first', examples: [42] }),
    ...AccessToken,
  }),
);
export type LiveQuery = z.infer<typeof LiveQuery>;

/** `GET /v1/stats/flows` query string. */
export const FlowsQuery = strictQuery(
  ReadQuery.extend({
    theme: ThemeSlug.optional().meta({
      description: 'Only practices with this theme',
      examples: ['trafficking'],
    }),
    since: z
      .union([z.iso.date(), z.iso.datetime({ offset: true })])
      .optional()
      .meta({
        description: 'Only adopters whose latest record is at or after this date or time',
        examples: ['2026-01-01'],
      }),
    ...AccessToken,
  }),
);
export type FlowsQuery = z.infer<typeof FlowsQuery>;

/** An item of the catalogue as read back: its metadata and, flattened beside it, its fields. */
export const Item = z
  .object({
    id: z.uuid(),
    kind: ItemKind,
    participant: z.string(),
    version: z.number().int(),
    status: z.enum(['active', 'withdrawn']),
    seq: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .catchall(z.unknown());
export type Item = z.infer<typeof Item>;

export const ItemList = z.object({ items: z.array(Item), nextCursor: z.string().nullable() });

/** One entry of `GET /v1/<kind>s/{id}/versions`: an event of the item's history. */
export const ItemVersion = z.object({
  version: z.number().int(),
  seq: z.number().int(),
  type: z.string(),
  time: z.string(),
  data: z.record(z.string(), z.unknown()),
});
export type ItemVersion = z.infer<typeof ItemVersion>;
/** `GET /v1/<kind>s/{id}/versions`: the item's history, oldest first. */
export const ItemVersions = z.object({
  id: z.uuid(),
  kind: z.string(),
  items: z.array(ItemVersion),
});
export type ItemVersions = z.infer<typeof ItemVersions>;

/** RFC 9457 problem details. */
export const Problem = z.object({
  type: z.string().optional(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type Problem = z.infer<typeof Problem>;

/** `POST /v1/session`: the token a browser signs in with (it is not kept by the browser). */
export const SessionCreateBody = z
  .object({
    token: z
      .string()
      .min(1)
      .max(500)
      .meta({ description: 'A participant token (or the admin token).', example: 'rcpx_…' }),
  })
  .strict();
export type SessionCreateBody = z.infer<typeof SessionCreateBody>;

/** `GET /v1/session`: who the session cookie signs in as, and a CSRF token for its writes. */
export const SessionInfo = z.object({
  participant: z.string().nullable().meta({ description: 'null for an admin session' }),
  role: z.enum(['publisher', 'reader', 'admin']),
  expiresAt: z.iso.datetime(),
  csrfToken: z.string().meta({
    description: 'Send it as `X-CSRF-Token` on every write the cookie authenticates.',
  }),
});
export type SessionInfo = z.infer<typeof SessionInfo>;
