import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here. Runs inside the target read schema.
//
// "Ask the network": the projection `queries` (its own checkpoint row, at 0: the projector
// leads from the minimum, so it reads the log from the start while the others skip what they
// hold). `queries`: one row per query (launcher in `participant`, visibility columns for
// `visibleTo`, the participants who replied in `repliers`); `query_replies`: one row per reply,
// its effective visibility (the launcher folded in). Both carry their text per language and a
// generated tsvector over the schema's `rcpx_*` configurations (accents and case ignored).

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

const quoteId = (s: string) => `"${s.replaceAll('"', '""')}"`;

/** The schema the migrator runs in (`db.withSchema(…)`), as it qualifies a table. */
function targetSchema(db: AnyDb): string {
  const { sql: text } = db.selectFrom('checkpoint').select('name').compile();
  const m = /from "((?:[^"]|"")+)"\."checkpoint"/.exec(text);
  if (!m) throw new Error('read-model migrations run in a named schema');
  return m[1]!.replaceAll('""', '"');
}

const searchVector = (schema: string) => {
  const cfg = (name: string) => sql`${sql.lit(`${quoteId(schema)}.${name}`)}::regconfig`;
  return sql`
    setweight(to_tsvector(${cfg('rcpx_english')}, text_en), 'A') ||
    setweight(to_tsvector(${cfg('rcpx_french')}, text_fr), 'A') ||
    setweight(to_tsvector(${cfg('rcpx_spanish')}, text_es), 'A') ||
    setweight(to_tsvector(${cfg('rcpx_simple')}, text_en || ' ' || text_fr || ' ' || text_es), 'D')`;
};

export async function up(untyped: Kysely<unknown>): Promise<void> {
  const db = untyped as AnyDb;
  const schema = targetSchema(db);
  await db.schema
    .createTable('queries')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('participant', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('title', 'jsonb', (c) => c.notNull())
    .addColumn('questions', 'jsonb', (c) => c.notNull())
    .addColumn('themes', sql`text[]`, (c) => c.notNull())
    .addColumn('addressees', sql`text[]`, (c) => c.notNull())
    .addColumn('repliers', sql`text[]`, (c) => c.notNull())
    .addColumn('deadline', 'date', (c) => c.notNull())
    .addColumn('vis_level', 'text', (c) => c.notNull())
    .addColumn('vis_rcps', sql`text[]`, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('launched_seq', 'bigint', (c) => c.notNull())
    .addColumn('updated_seq', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('closed_at', 'timestamptz')
    .addColumn('closed_by', 'text')
    .addColumn('text_en', 'text', (c) => c.notNull())
    .addColumn('text_fr', 'text', (c) => c.notNull())
    .addColumn('text_es', 'text', (c) => c.notNull())
    .addColumn('search', sql`tsvector`, (c) => c.generatedAlwaysAs(searchVector(schema)).stored())
    .execute();
  await db.schema.createIndex('queries_launched').on('queries').column('launched_seq').execute();
  await db.schema
    .createIndex('queries_open_deadline')
    .on('queries')
    .columns(['deadline', 'launched_seq'])
    .where(sql.ref('status'), '=', 'open')
    .execute();
  await db.schema
    .createIndex('queries_addressees')
    .on('queries')
    .using('gin')
    .column('addressees')
    .execute();
  await db.schema
    .createIndex('queries_search')
    .on('queries')
    .using('gin')
    .column('search')
    .execute();

  await db.schema
    .createTable('query_replies')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('query_id', 'uuid', (c) => c.notNull())
    .addColumn('participant', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('answers', 'jsonb', (c) => c.notNull())
    .addColumn('vis_level', 'text', (c) => c.notNull())
    .addColumn('vis_rcps', sql`text[]`, (c) => c.notNull())
    .addColumn('created_seq', 'bigint', (c) => c.notNull())
    .addColumn('updated_seq', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('text_en', 'text', (c) => c.notNull())
    .addColumn('text_fr', 'text', (c) => c.notNull())
    .addColumn('text_es', 'text', (c) => c.notNull())
    .addColumn('search', sql`tsvector`, (c) => c.generatedAlwaysAs(searchVector(schema)).stored())
    .execute();
  await db.schema
    .createIndex('query_replies_query')
    .on('query_replies')
    .columns(['query_id', 'participant'])
    .unique()
    .execute();
  await db.schema
    .createIndex('query_replies_search')
    .on('query_replies')
    .using('gin')
    .column('search')
    .execute();

  await db.insertInto('checkpoint').values({ name: 'queries', seq: 0 }).execute();
}

export async function down(untyped: Kysely<unknown>): Promise<void> {
  const db = untyped as AnyDb;
  await db.deleteFrom('checkpoint').where('name', '=', 'queries').execute();
  await db.schema.dropTable('query_replies').execute();
  await db.schema.dropTable('queries').execute();
}
