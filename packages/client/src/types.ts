import type { z } from 'zod';
import type {
  ActivityQuery,
  CountryMemberships,
  MembershipEntry,
  MembershipOverlap,
  MembershipSource,
  AdoptionBody,
  FlowsQuery,
  EventsQuery,
  Item,
  ListQuery,
  MeetingCreateBody,
  MeetingPatchBody,
  PracticeCreateBody,
  PracticePatchBody,
  PublicationCreateBody,
  PublicationPatchBody,
  QueryLaunchBody,
  QueryListQuery,
  QuerySummary,
  ReplyBody,
  ReplyPatchBody,
  SearchQuery,
} from '@rcpx/contracts';
export type { QueryCompilation, QueryDetail, QueryReply, QuerySummary } from '@rcpx/contracts';

/** Bodies as a caller writes them (defaults such as `visibility` may be left out). */
export type PracticeInput = z.input<typeof PracticeCreateBody>;
export type PracticePatch = z.input<typeof PracticePatchBody>;
export type MeetingInput = z.input<typeof MeetingCreateBody>;
export type PublicationInput = z.input<typeof PublicationCreateBody>;
export type MeetingPatch = z.input<typeof MeetingPatchBody>;
export type PublicationPatch = z.input<typeof PublicationPatchBody>;
export type AdoptionInput = z.input<typeof AdoptionBody>;

/** "Ask the network": a query, a reply, a reply's revision, as a caller writes them. */
export type QueryInput = z.input<typeof QueryLaunchBody>;
export type ReplyInput = z.input<typeof ReplyBody>;
export type ReplyPatch = z.input<typeof ReplyPatchBody>;
/** `GET /v1/queries` query string (`awaiting=<slug>`: what that participant still owes). */
export type QueryListParams = Partial<z.input<typeof QueryListQuery>>;

/** Options of a withdrawal: a reason, and the version it is based on (`If-Match`, optional). */
export type WithdrawOptions = WriteOptions & { reason?: string; version?: number };

/** Query strings (every field optional). */
export type ListParams = Partial<z.input<typeof ListQuery>> & {
  status?: 'active' | 'withdrawn' | 'all';
};
export type ActivityParams = Partial<z.input<typeof ActivityQuery>>;
export type EventsParams = Partial<Omit<z.input<typeof EventsQuery>, 'after'>>;
export type FlowsParams = Partial<z.input<typeof FlowsQuery>>;
export type SearchParams = Partial<z.input<typeof SearchQuery>> & { q: string };

/**
 * A page of `GET /v1/search` (`SearchPage`): items, queries and replies, best match first, each
 * with its `kind` (`practice`, `meeting`, `publication`, `query`, `reply`), `rank` and `link`.
 */
export type { SearchHit, SearchPage } from '@rcpx/contracts';

export interface ItemPage {
  items: Item[];
  nextCursor: string | null;
}

export interface ActivityEntry {
  seq: number;
  type: string;
  time: string;
  participant: string;
  itemId: string;
  kind: string;
  title: unknown;
  version: number | null;
  event: Record<string, unknown>;
}
export interface ActivityPage {
  items: ActivityEntry[];
  nextCursor: string | null;
}

/** Adoptions, follow-ups, queries and replies the reader may see (of a participant, on a theme). */
export interface CrossCounts {
  adoptions: number;
  followUps: number;
  queries: number;
  replies: number;
}

export interface ThemeCount {
  slug: string;
  labels: { en: string; fr: string; es: string };
  /** Active items the reader may see. */
  count: number;
  crossCounts: CrossCounts;
}

export interface ParticipantCount {
  slug: string;
  name: string;
  acronym: string;
  kind: 'rcp' | 'observer';
  region: string;
  founded: number;
  /** Active items the reader may see. */
  count: number;
  /** What it recorded, reported, launched and replied, that the reader may see. */
  crossCounts: CrossCounts;
}

/** One participant: its counts, and a process's member and observer states. */
export interface ParticipantDetail extends ParticipantCount {
  members: MembershipEntry[];
  observers: MembershipEntry[];
  /** Where the registry's own data comes from (null for an organisation). */
  registry: { asOf: string; source: MembershipSource; note: string } | null;
}

export type { CountryMemberships, MembershipOverlap };

/** Options of `setMembership`: when the role holds from, and where it is documented. */
export type MembershipOptions = WriteOptions & { asOf?: string; source?: MembershipSource };

/** Options of every write. */
export interface WriteOptions {
  /** Same key + same body within 24 h → the first answer, nothing appended again. */
  idempotencyKey?: string;
}

/**
 * Options of `replyToQuery`: with `ifMatch` (the version of the caller's reply) the POST revises
 * the reply (200; 412 when stale) instead of a first reply (201).
 */
export type ReplyOptions = WriteOptions & { ifMatch?: number };

/** Options of every read. */
export interface ReadOptions {
  /** Read-your-writes: wait (≤ 5 s) until the read models reached this seq. */
  minSeq?: number;
}

/** A page of `GET /v1/queries`. */
export interface QueryPage {
  items: QuerySummary[];
  nextCursor: string | null;
}

/** Options of reading a compilation: its language (fallback: the first present). */
export interface CompilationOptions extends ReadOptions {
  lang?: 'en' | 'fr' | 'es';
}
