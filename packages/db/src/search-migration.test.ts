import { test } from 'tap';
import { sql } from 'kysely';
import { freshDb } from './test-support.ts';
import { migrateReadModels } from './index.ts';

test('search ignores accents and case in en, fr and es (unaccent configurations)', async (t) => {
  const db = await freshDb(t);
  await Promise.all([migrateReadModels(db), migrateReadModels(db, 'rm_next')]);
  const rows = [
    [
      '00000000-0000-4000-8000-000000000001',
      { fr: 'Départ volontaire' },
      '',
      'Le départ assisté',
      '',
    ],
    [
      '00000000-0000-4000-8000-000000000002',
      { es: 'Regularización de migrantes' },
      '',
      '',
      'La Migración laboral',
    ],
    [
      '00000000-0000-4000-8000-000000000003',
      { en: 'Naïve CAFÉ rules' },
      'Screening at the border',
      '',
      '',
    ],
  ] as const;
  for (const schema of ['rm', 'rm_next']) {
    for (const [id, title, en, fr, es] of rows) {
      await sql`insert into ${sql.table(`${schema}.item_search`)} (id, title, text_en, text_fr, text_es, text_any)
        values (${id}, ${JSON.stringify(title)}, ${en}, ${fr}, ${es}, '')`.execute(db);
    }
  }
  const find = async (schema: string, q: string) => {
    const cfg = (c: string) => sql.lit(`"${schema}".${c}`);
    const { rows: hits } = await sql<{
      id: string;
    }>`select id from ${sql.table(`${schema}.item_search`)}
      where search @@ (websearch_to_tsquery(${cfg('rcpx_english')}::regconfig, ${q})
        || websearch_to_tsquery(${cfg('rcpx_french')}::regconfig, ${q})
        || websearch_to_tsquery(${cfg('rcpx_spanish')}::regconfig, ${q})
        || websearch_to_tsquery(${cfg('rcpx_simple')}::regconfig, ${q}))
      order by id`.execute(db);
    return hits.map((h) => h.id.slice(-1));
  };
  for (const schema of ['rm', 'rm_next']) {
    t.same(await find(schema, 'depart'), ['1'], `${schema}: depart finds départ`);
    t.same(await find(schema, 'DÉPART'), ['1'], `${schema}: DÉPART finds départ`);
    t.same(await find(schema, 'assiste'), ['1'], `${schema}: assiste finds assisté`);
    t.same(await find(schema, 'regularizacion'), ['2'], `${schema}: regularizacion`);
    t.same(await find(schema, 'REGULARIZACIÓN'), ['2'], `${schema}: REGULARIZACIÓN`);
    t.same(await find(schema, 'migracion'), ['2'], `${schema}: migracion`);
    t.same(await find(schema, 'naive cafe'), ['3'], `${schema}: naive cafe`);
    t.same(await find(schema, 'screening'), ['3'], `${schema}: english stemming kept`);
  }

  // the schemas swap like a rebuild's: the configurations go with their schema
  await sql`alter schema rm rename to rm_old`.execute(db);
  await sql`alter schema rm_next rename to rm`.execute(db);
  await sql`drop schema rm_old cascade`.execute(db);
  t.same(await find('rm', 'depart'), ['1'], 'after the swap');
  await sql`insert into rm.item_search (id, title, text_en, text_fr, text_es, text_any)
    values ('00000000-0000-4000-8000-000000000004', '{"fr":"Élan"}', '', '', '', '')`.execute(db);
  t.same(await find('rm', 'elan'), ['4'], 'new rows after the swap');

  const { rows: idx } = await sql<{ n: number }>`select count(*)::int as n from pg_indexes
    where schemaname = 'rm' and indexname in ('item_search_search', 'events_countries')`.execute(
    db,
  );
  t.equal(idx[0]!.n, 2, 'the GIN indexes exist');
});
