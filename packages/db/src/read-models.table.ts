import type { ColumnType, Selectable } from 'kysely';

type Json = ColumnType<unknown, string, string>;
type BigSeq = ColumnType<number, number, number>;

/**
 * `<rm>.checkpoint`: last seq applied per projection (`items`, `events`, `search`), each committed
 * with that projection's change. The read models as a whole are at the minimum over the rows.
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
}
export type EventRow = Selectable<EventsTable>;

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
