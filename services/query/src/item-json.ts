import { visibilityOfColumns, type Item } from '@rcpx/contracts';
import type { ItemRow } from '@rcpx/db';

/** The columns of `items` an item's JSON is made of. */
export const ITEM_COLUMNS = [
  'id',
  'kind',
  'participant',
  'version',
  'status',
  'themes',
  'vis_level',
  'vis_rcps',
  'title',
  'data',
  'created_seq',
  'updated_seq',
  'created_at',
  'updated_at',
] as const;

export type ItemJsonRow = Pick<ItemRow, (typeof ITEM_COLUMNS)[number]>;

const iso = (d: Date | string) => (d instanceof Date ? d : new Date(d)).toISOString();

/** The metadata fields of an `Item`; a data field of the same name is renamed (see `toItem`). */
const METADATA = new Set([
  'id',
  'kind',
  'participant',
  'version',
  'status',
  'seq',
  'createdAt',
  'updatedAt',
]);

/** `kind` of a `publication` → `publicationKind`. */
const renamed = (itemKind: string, field: string) =>
  `${itemKind}${field.charAt(0).toUpperCase()}${field.slice(1)}`;

/**
 * An `items` row as the API's `Item`: the item's fields (`data`) flattened beside its metadata.
 * A data field named like a metadata field is renamed `<itemKind><Field>` (a publication's
 * `kind` is `publicationKind`). `title`, `themes` and `visibility` always come from the row's
 * columns, so every kind (meetings included, whose data holds `meeting.title`) has them.
 */
export function toItem(row: ItemJsonRow): Item {
  const raw =
    row.data !== null && typeof row.data === 'object' && !Array.isArray(row.data)
      ? (row.data as Record<string, unknown>)
      : {};
  const data: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) data[METADATA.has(k) ? renamed(row.kind, k) : k] = v;
  return {
    ...data,
    title: row.title,
    themes: row.themes,
    visibility: visibilityOfColumns(row.vis_level, row.vis_rcps),
    id: row.id,
    kind: row.kind as Item['kind'],
    participant: row.participant,
    version: row.version,
    status: row.status,
    seq: Number(row.updated_seq),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}
