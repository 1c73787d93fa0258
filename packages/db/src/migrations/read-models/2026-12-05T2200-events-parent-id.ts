import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here. Runs inside the target read schema.
//
// `events.parent_id`: the item a sub-aggregate's event is nested in (the first uuid of a subject
// `<collection>/<uuid>/<collection>/<uuid>`, as `practices/<id>/adoptions/<id>`), null for the
// others; indexed, so the events projection finds a parent's children without reading
// `envelope->>'subject'`. Backfilled from the rows mirrored so far; replaces the expression index
// `events_parent`.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const COLLECTION = '[a-z][a-z0-9-]*';
const NESTED = `^${COLLECTION}/(${UUID})/${COLLECTION}/${UUID}$`;

export async function up(untyped: Kysely<unknown>): Promise<void> {
  const db = untyped as AnyDb;
  await db.schema.alterTable('events').addColumn('parent_id', 'uuid').execute();
  await db
    .updateTable('events')
    .set({ parent_id: sql`lower(substring(envelope->>'subject' from ${NESTED}))::uuid` })
    .where(sql<boolean>`envelope->>'subject' ~ ${NESTED}`)
    .execute();
  await db.schema
    .createIndex('events_parent_id')
    .on('events')
    .column('parent_id')
    .where(sql.ref('parent_id'), 'is not', null)
    .execute();
  await db.schema.dropIndex('events_parent').ifExists().execute();
}

export async function down(untyped: Kysely<unknown>): Promise<void> {
  const db = untyped as AnyDb;
  await db.schema
    .createIndex('events_parent')
    .on('events')
    .expression(sql`(split_part(envelope->>'subject', '/', 2))`)
    .where(sql<boolean>`envelope->>'subject' like '%/%/%/%'`)
    .execute();
  await db.schema.dropIndex('events_parent_id').execute();
  await db.schema.alterTable('events').dropColumn('parent_id').execute();
}
