import { sql, type Kysely } from 'kysely';
import { readModels, type Database, type ItemRow } from '@rcpx/db';
import { insertJsonRows } from '../../json-rows.ts';
import type { ItemState, ItemVersion } from './types.ts';

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
  'text_en',
  'text_fr',
  'text_es',
  'text_any',
  'created_seq',
  'updated_seq',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof ItemState)[];

const VERSION_COLUMNS = [
  'item_id',
  'version',
  'seq',
  'type',
  'data',
  'time',
] as const satisfies readonly (keyof ItemVersion)[];

const iso = (d: Date | string): string => (d instanceof Date ? d.toISOString() : d);

function toState(row: Omit<ItemRow, 'search'>): ItemState {
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

/** The current states of `ids` (those that exist), in one query. */
export async function loadItems(
  db: Kysely<Database>,
  schema: string,
  ids: readonly string[],
): Promise<Map<string, ItemState>> {
  const out = new Map<string, ItemState>();
  if (ids.length === 0) return out;
  const rows = await readModels(db, schema)
    .selectFrom('items')
    .select(ITEM_COLUMNS)
    .where(sql<boolean>`id = any(${[...ids]}::uuid[])`)
    .execute();
  for (const row of rows) out.set(row.id, toState(row));
  return out;
}

/** Upserts the new states and appends the version rows (a version already there is kept). */
export async function writeItems(
  db: Kysely<Database>,
  schema: string,
  states: readonly ItemState[],
  versions: readonly ItemVersion[],
): Promise<void> {
  if (states.length > 0) {
    const updates = sql.join(
      ITEM_COLUMNS.filter((c) => c !== 'id').map(
        (c) => sql`${sql.ref(c)} = excluded.${sql.ref(c)}`,
      ),
    );
    await insertJsonRows(db, {
      schema,
      table: 'items',
      columns: ITEM_COLUMNS,
      rows: states,
      onConflict: sql`on conflict (id) do update set ${updates}`,
    });
  }
  if (versions.length > 0) {
    await insertJsonRows(db, {
      schema,
      table: 'item_versions',
      columns: VERSION_COLUMNS,
      rows: versions,
      onConflict: sql`on conflict (item_id, version) do nothing`,
    });
  }
}
