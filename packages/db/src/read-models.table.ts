import type { ColumnType, Selectable } from 'kysely';

type Json = ColumnType<unknown, string, string>;
type BigSeq = ColumnType<number, number, number>;

/** `<rm>.checkpoint`: last seq applied per projector, committed with the read-model change. */
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
  text_en: string;
  text_fr: string;
  text_es: string;
  text_any: string;
  summary: Json | null;
  data: Json;
  created_seq: BigSeq;
  updated_seq: BigSeq;
  created_at: Date;
  updated_at: Date;
  search: ColumnType<string, never, never>;
}
export type ItemRow = Selectable<ItemsTable>;

/** `<rm>.item_versions`: every event of every item, its version history. */
export interface ItemVersionsTable {
  item_id: string;
  version: number;
  seq: BigSeq;
  type: string;
  data: Json;
  time: Date;
}

/** `<rm>.events`: the log mirrored for the activity timeline, the event-log API and feeds. */
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

/** Row shape the visibility rule needs. */
export interface VisibilityColumns {
  participant: string;
  vis_level: 'public' | 'members' | 'rcps';
  vis_rcps: string[];
}
