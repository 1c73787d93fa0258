import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here. Runs inside the target read schema.
//
// The projector becomes independent projections, each with its own checkpoint row: `items`
// (items + counts), `events` (the log mirror, which is also the version history) and `search`
// (the full-text index, off the items row). Readers take the minimum over the rows.

/** The projections' checkpoint names as of this migration. */
const PROJECTIONS = ['items', 'events', 'search'];

/** The item event types of this time (`down` rebuilds `item_versions` from them). */
const ITEM_TYPES = [
  'org.rcpx.practice.shared',
  'org.rcpx.practice.revised',
  'org.rcpx.practice.withdrawn',
  'org.rcpx.meeting.outcome.recorded',
  'org.rcpx.publication.released',
];

// Kysely<unknown> knows no tables; the query builder still qualifies them with the schema.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(untyped: Kysely<unknown>): Promise<void> {
  const db = untyped as AnyDb;

  await db.schema
    .createTable('item_search')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('title', 'jsonb', (c) => c.notNull())
    .addColumn('text_en', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('text_fr', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('text_es', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('text_any', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('search', sql`tsvector`, (c) =>
      c
        .generatedAlwaysAs(
          sql`
        setweight(to_tsvector('english'::regconfig, coalesce(title->>'en', '')), 'A') ||
        setweight(to_tsvector('french'::regconfig, coalesce(title->>'fr', '')), 'A') ||
        setweight(to_tsvector('spanish'::regconfig, coalesce(title->>'es', '')), 'A') ||
        setweight(to_tsvector('english'::regconfig, text_en), 'B') ||
        setweight(to_tsvector('french'::regconfig, text_fr), 'B') ||
        setweight(to_tsvector('spanish'::regconfig, text_es), 'B') ||
        setweight(to_tsvector('simple'::regconfig, text_any), 'C')`,
        )
        .stored(),
    )
    .execute();
  await db.schema
    .createIndex('item_search_search')
    .on('item_search')
    .using('gin')
    .column('search')
    .execute();

  // read models already projected keep their text (a fresh schema copies nothing)
  await db
    .insertInto('item_search')
    .columns(['id', 'title', 'text_en', 'text_fr', 'text_es', 'text_any'])
    .expression(
      db.selectFrom('items').select(['id', 'title', 'text_en', 'text_fr', 'text_es', 'text_any']),
    )
    .execute();

  await db.schema.dropIndex('items_search').execute();
  await db.schema
    .alterTable('items')
    .dropColumn('search')
    .dropColumn('text_en')
    .dropColumn('text_fr')
    .dropColumn('text_es')
    .dropColumn('text_any')
    .execute();
  // the version history is `events where item_id = … order by seq`
  await db.schema.dropTable('item_versions').execute();

  // One row per projection, all at the old `projector` checkpoint (0 on a fresh schema): the
  // rows exist before anything is projected, so the minimum never skips a projection.
  const old = await db
    .selectFrom('checkpoint')
    .select('seq')
    .where('name', '=', 'projector')
    .executeTakeFirst();
  const seq = Number(old?.seq ?? 0);
  await db
    .insertInto('checkpoint')
    .values(PROJECTIONS.map((name) => ({ name, seq })))
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  await db.deleteFrom('checkpoint').where('name', '=', 'projector').execute();
}

export async function down(untyped: Kysely<unknown>): Promise<void> {
  const db = untyped as AnyDb;
  const min = await db
    .selectFrom('checkpoint')
    .select((eb) => eb.fn.min('seq').as('seq'))
    .executeTakeFirst();
  await db.deleteFrom('checkpoint').where('name', 'in', PROJECTIONS).execute();
  await db
    .insertInto('checkpoint')
    .values({ name: 'projector', seq: Number(min?.seq ?? 0) })
    .execute();

  await db.schema
    .createTable('item_versions')
    .addColumn('item_id', 'uuid', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addColumn('time', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('item_versions_pk', ['item_id', 'version'])
    .execute();
  await db
    .insertInto('item_versions')
    .columns(['item_id', 'version', 'seq', 'type', 'data', 'time'])
    .expression(
      db
        .selectFrom('events')
        .select([
          'item_id',
          sql`(envelope->>'rcpxversion')::int`.as('version'),
          'seq',
          'type',
          sql`envelope->'data'`.as('data'),
          'time',
        ])
        .where('type', 'in', ITEM_TYPES),
    )
    .onConflict((oc) => oc.columns(['item_id', 'version']).doNothing())
    .execute();

  await db.schema
    .alterTable('items')
    .addColumn('text_en', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('text_fr', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('text_es', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('text_any', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db
    .updateTable('items')
    .from('item_search as s')
    .set((eb) => ({
      text_en: eb.ref('s.text_en'),
      text_fr: eb.ref('s.text_fr'),
      text_es: eb.ref('s.text_es'),
      text_any: eb.ref('s.text_any'),
    }))
    .whereRef('s.id', '=', 'items.id')
    .execute();
  await db.schema
    .alterTable('items')
    .addColumn('search', sql`tsvector`, (c) =>
      c
        .generatedAlwaysAs(
          sql`
        setweight(to_tsvector('english'::regconfig, coalesce(title->>'en', '')), 'A') ||
        setweight(to_tsvector('french'::regconfig, coalesce(title->>'fr', '')), 'A') ||
        setweight(to_tsvector('spanish'::regconfig, coalesce(title->>'es', '')), 'A') ||
        setweight(to_tsvector('english'::regconfig, text_en), 'B') ||
        setweight(to_tsvector('french'::regconfig, text_fr), 'B') ||
        setweight(to_tsvector('spanish'::regconfig, text_es), 'B') ||
        setweight(to_tsvector('simple'::regconfig, text_any), 'C')`,
        )
        .stored(),
    )
    .execute();
  await db.schema.createIndex('items_search').on('items').using('gin').column('search').execute();
  await db.schema.dropTable('item_search').execute();
}
