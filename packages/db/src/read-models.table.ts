import type { ColumnType, Selectable } from 'kysely';

type Json = ColumnType<unknown, string, string>;
type BigSeq = ColumnType<number, number, number>;

/**
 * `<rm>.checkpoint`: last seq applied per projection (`items`, `events`, `search`…), committed
 * with the projections' changes. The read models as a whole are at the minimum over the rows.
 */
export interface CheckpointTable {
  name: string;
  seq: BigSeq;
}

/** `<rm>.items`: the current state of every item (practice, meeting, publication, …). */
export interface ItemsTable {
  id: string;
  kind: string;
  participant: string;
  version: number;
  status: 'active' | 'withdrawn';
  themes: string[];
  countries: string[];
  vis_level: 'public' | 'members' | 'rcps';
  vis_rcps: string[];
  title: Json;
  summary: Json | null;
  data: Json;
  created_seq: BigSeq;
  updated_seq: BigSeq;
  created_at: Date;
  updated_at: Date;
}
export type ItemRow = Selectable<ItemsTable>;

/**
 * `<rm>.item_search`: the searchable text of every item (title; text per language, and plain
 * strings) and its generated, GIN-indexed `search` tsvector. Withdrawn items keep their row.
 */
export interface ItemSearchTable {
  id: string;
  title: Json;
  text_en: string;
  text_fr: string;
  text_es: string;
  text_any: string;
  search: ColumnType<string, never, never>;
}

/**
 * `<rm>.events`: the log mirrored for the activity timeline, the event-log API, feeds and each
 * item's version history (`where item_id = … order by seq`).
 */
export interface EventsTable {
  seq: BigSeq;
  id: string;
  type: string;
  kind: string;
  item_id: string;
  participant: string;
  themes: string[];
  vis_level: 'public' | 'members' | 'rcps';
  vis_rcps: string[];
  time: Date;
  envelope: Json;
  /** The item a sub-aggregate's event is nested in (`practices/<id>/adoptions/<id>`), else null. */
  parent_id: string | null;
}
/** A mirrored event as readers select it (`parent_id` is the projector's own). */
export type EventRow = Omit<Selectable<EventsTable>, 'parent_id'>;

/** `<rm>.counts`: active items per theme/participant/kind and audience key. */
export interface CountsTable {
  dimension: 'theme' | 'participant' | 'kind';
  key: string;
  audience: string;
  n: number;
}

/**
 * `<rm>.skipped_events`: events of the log a projection could not apply (invalid, or refused by
 * Postgres) and why, committed with the checkpoint that moved past them.
 */
export interface SkippedEventsTable {
  seq: BigSeq;
  projection: string;
  reason: string;
  skipped_at: ColumnType<Date, Date | undefined, never>;
}

/**
 * `<rm>.memberships` (projection `memberships`): the latest admin change per process and state
 * (`org.rcpx.membership.changed`; role `none` removes a registry state), over the registry.
 */
export interface MembershipsTable {
  participant: string;
  country: string;
  role: 'member' | 'observer' | 'none';
  as_of: string;
  source: Json;
  seq: BigSeq;
}

/** Row shape the visibility rule needs. */
export interface VisibilityColumns {
  participant: string;
  vis_level: 'public' | 'members' | 'rcps';
  vis_rcps: string[];
}

/** `<rm>.queries`: every query ("ask the network"), its launcher in `participant`. */
export interface QueriesTable {
  id: string;
  participant: string;
  status: 'open' | 'closed';
  title: Json;
  questions: Json;
  themes: string[];
  addressees: string[];
  /** The participants who replied. */
  repliers: string[];
  /** `YYYY-MM-DD` (read back as a string). */
  deadline: ColumnType<string, string, string>;
  vis_level: 'public' | 'members' | 'rcps';
  vis_rcps: string[];
  /** Events on the query's subject. */
  version: number;
  launched_seq: BigSeq;
  updated_seq: BigSeq;
  created_at: Date;
  closed_at: Date | null;
  closed_by: 'launcher' | 'deadline' | null;
  text_en: string;
  text_fr: string;
  text_es: string;
  search: ColumnType<string, never, never>;
}
export type QueryRow = Selectable<QueriesTable>;

/** `<rm>.query_replies`: one reply per participant and query, under its effective visibility. */
export interface QueryRepliesTable {
  id: string;
  query_id: string;
  participant: string;
  version: number;
  answers: Json;
  vis_level: 'public' | 'members' | 'rcps';
  vis_rcps: string[];
  created_seq: BigSeq;
  updated_seq: BigSeq;
  created_at: Date;
  updated_at: Date;
  text_en: string;
  text_fr: string;
  text_es: string;
  search: ColumnType<string, never, never>;
}
export type QueryReplyRow = Selectable<QueryRepliesTable>;

/** Columns of an adoption record (`<rm>.adoptions` and `<rm>.adoption_history`). */
interface AdoptionColumns {
  practice_id: string;
  practice_owner: string;
  /** The adopter (the owner of the record for `visibleTo`). */
  participant: string;
  stage: string;
  note: Json | null;
  local_practice: string | null;
  themes: string[];
  vis_level: 'public' | 'members' | 'rcps';
  vis_rcps: string[];
  version: number;
}

/** `<rm>.adoptions`: the latest record of each adopter of each practice. */
export interface AdoptionsTable extends AdoptionColumns {
  id: string;
  seq: BigSeq;
  created_at: Date;
  updated_at: Date;
  /** The practice's current audience and themes (kept by the adoptions projection). */
  practice_vis_level: 'public' | 'members' | 'rcps';
  practice_vis_rcps: string[];
  practice_themes: string[];
}
export type AdoptionRow = Selectable<AdoptionsTable>;

/** `<rm>.adoption_practices`: every practice's current audience, as the adoptions projection saw it. */
export interface AdoptionPracticesTable {
  id: string;
  vis_level: 'public' | 'members' | 'rcps';
  vis_rcps: string[];
  themes: string[];
}

/** `<rm>.adoption_history`: every adoption record. */
export interface AdoptionHistoryTable extends AdoptionColumns {
  seq: BigSeq;
  adoption_id: string;
  time: Date;
}
export type AdoptionHistoryRow = Selectable<AdoptionHistoryTable>;
