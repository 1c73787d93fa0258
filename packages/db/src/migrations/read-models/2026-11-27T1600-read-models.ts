import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here. Runs inside the target read schema
// (the migrator hands it `db.withSchema(schema)`), so a rebuild can create a fresh copy.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('checkpoint')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('items')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('participant', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('themes', sql`text[]`, (c) => c.notNull())
    .addColumn('countries', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('vis_level', 'text', (c) => c.notNull())
    .addColumn('vis_rcps', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('title', 'jsonb', (c) => c.notNull())
    .addColumn('summary', 'jsonb')
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addColumn('text_en', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('text_fr', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('text_es', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('text_any', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_seq', 'bigint', (c) => c.notNull())
    .addColumn('updated_seq', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
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
    .createIndex('items_kind_seq')
    .on('items')
    .columns(['kind', 'updated_seq'])
    .execute();
  await db.schema
    .createIndex('items_participant')
    .on('items')
    .columns(['participant', 'updated_seq'])
    .execute();
  await db.schema.createIndex('items_themes').on('items').using('gin').column('themes').execute();
  await db.schema
    .createIndex('items_countries')
    .on('items')
    .using('gin')
    .column('countries')
    .execute();
  await db.schema.createIndex('items_search').on('items').using('gin').column('search').execute();

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

  await db.schema
    .createTable('events')
    .addColumn('seq', 'bigint', (c) => c.primaryKey())
    .addColumn('id', 'uuid', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('item_id', 'uuid', (c) => c.notNull())
    .addColumn('participant', 'text', (c) => c.notNull())
    .addColumn('themes', sql`text[]`, (c) => c.notNull())
    .addColumn('vis_level', 'text', (c) => c.notNull())
    .addColumn('vis_rcps', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('time', 'timestamptz', (c) => c.notNull())
    .addColumn('envelope', 'jsonb', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('events_themes').on('events').using('gin').column('themes').execute();
  await db.schema
    .createIndex('events_participant')
    .on('events')
    .columns(['participant', 'seq'])
    .execute();
  await db.schema.createIndex('events_type').on('events').columns(['type', 'seq']).execute();
  await db.schema.createIndex('events_item').on('events').columns(['item_id', 'seq']).execute();

  await db.schema
    .createTable('counts')
    .addColumn('dimension', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('counts_pk', ['dimension', 'key', 'audience'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['counts', 'events', 'item_versions', 'items', 'checkpoint']) {
    await db.schema.dropTable(t).execute();
  }
}
