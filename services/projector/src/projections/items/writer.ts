import { sql, type Kysely } from 'kysely';
import { readModels, replaceRows, type Database, type ItemRow } from '@rcpx/db';
import type { ItemState } from './types.ts';

const ITEM_COLUMNS = [
  'id',
  'kind',
  'participant',
  'version',
  'status',
  'themes',
  'countries',
  'vis_level',
  'vis_rcps',
  'title',
  'summary',
  'data',
  'created_seq',
  'updated_seq',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof ItemState)[];

const iso = (d: Date | string): string => (d instanceof Date ? d.toISOString() : d);

function toState(row: ItemRow): ItemState {
  return {
    ...row,
    version: Number(row.version),
    title: row.title as ItemState['title'],
    summary: row.summary as ItemState['summary'],
    data: row.data as ItemState['data'],
    created_seq: Number(row.created_seq),
    updated_seq: Number(row.updated_seq),
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
}

/** The columns a partial state leaves out (the bulk of a row). */
const CONTENT = new Set<string>(['title', 'summary', 'data']);

/**
 * Stands for the content (`title`, `summary`, `data`) of a state loaded without it. A state that
 * still has it must never be written: `writeItems` refuses it.
 */
export const NOT_LOADED: Readonly<Record<string, never>> = Object.freeze({});

/**
 * The current states of `ids` (those that exist), in one query. Only the items in `withContent`
 * come with their title, summary and data (a withdrawal keeps them); the others' are
 * `NOT_LOADED` — enough for an event that replaces them, or for the counts.
 */
export async function loadItems(
  db: Kysely<Database>,
  schema: string,
  ids: readonly string[],
  withContent: ReadonlySet<string>,
): Promise<Map<string, ItemState>> {
  const out = new Map<string, ItemState>();
  if (ids.length === 0) return out;
  const full = sql`${[...withContent]}::uuid[]`;
  const rows = await readModels(db, schema)
    .selectFrom('items')
    .select(ITEM_COLUMNS.filter((c) => !CONTENT.has(c)))
    .select([
      sql<unknown>`case when id = any(${full}) then title end`.as('title'),
      sql<unknown>`case when id = any(${full}) then summary end`.as('summary'),
      sql<unknown>`case when id = any(${full}) then data end`.as('data'),
    ])
    .where(sql<boolean>`id = any(${[...ids]}::uuid[])`)
    .execute();
  for (const row of rows) {
    const state = toState(row);
    if (!withContent.has(row.id)) {
      state.title = NOT_LOADED;
      state.summary = NOT_LOADED;
      state.data = NOT_LOADED;
    }
    out.set(row.id, state);
  }
  return out;
}

export interface ItemChanges {
  /** Items new to the table. */
  inserts: readonly ItemState[];
  /** New states of items already in the table. */
  updates: readonly ItemState[];
}

/**
 * Writes the new and changed items (`replaceRows`: a few in one upsert; more by deleting the
 * changed ones' rows, then one COPY — an UPDATE writes a new row version too, with no faster bulk
 * path).
 */
export async function writeItems(
  db: Kysely<Database>,
  schema: string,
  { inserts, updates }: ItemChanges,
): Promise<void> {
  for (const s of updates) {
    if (s.data === NOT_LOADED || s.title === NOT_LOADED || s.summary === NOT_LOADED) {
      throw new Error(`items: the state of ${s.id} was loaded without its content`);
    }
  }
  const rows = [...inserts, ...updates].map((s) => ITEM_COLUMNS.map((c) => s[c]));
  await replaceRows(
    db,
    { schema, table: 'items', columns: ITEM_COLUMNS },
    'id',
    rows,
    updates.map((s) => s.id),
  );
}
