import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here. Runs inside the target read schema.
//
// Projection `adoptions` (its own checkpoint row): the latest record of each adopter of each
// practice (`adoptions`, keyed by the adoption id) and every record (`adoption_history`). Each
// row keeps the adoption's own visibility (owner = the adopter); readers also need the
// practice's current one (a join to `items`). And `events_parent`: the rows of sub-aggregates
// (`practices/<id>/adoptions/<id>`) by their parent, so the events projection re-serves them
// when the parent's audience changes.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(untyped: Kysely<unknown>): Promise<void> {
  const db = untyped as AnyDb;
  const common = (t: ReturnType<AnyDb['schema']['createTable']>) =>
    t
      .addColumn('practice_id', 'uuid', (c) => c.notNull())
      .addColumn('practice_owner', 'text', (c) => c.notNull())
      .addColumn('participant', 'text', (c) => c.notNull())
      .addColumn('stage', 'text', (c) => c.notNull())
      .addColumn('note', 'jsonb')
      .addColumn('local_practice', 'uuid')
      .addColumn('themes', sql`text[]`, (c) => c.notNull())
      .addColumn('vis_level', 'text', (c) => c.notNull())
      .addColumn('vis_rcps', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
      .addColumn('version', 'integer', (c) => c.notNull());
  await common(db.schema.createTable('adoptions').addColumn('id', 'uuid', (c) => c.primaryKey()))
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('adoptions_practice').on('adoptions').column('practice_id').execute();
  await db.schema
    .createIndex('adoptions_local_practice')
    .on('adoptions')
    .column('local_practice')
    .where(sql.ref('local_practice'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('adoptions_participants')
    .on('adoptions')
    .columns(['practice_owner', 'participant', 'stage'])
    .execute();

  await common(
    db.schema
      .createTable('adoption_history')
      .addColumn('seq', 'bigint', (c) => c.primaryKey())
      .addColumn('adoption_id', 'uuid', (c) => c.notNull()),
  )
    .addColumn('time', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('adoption_history_practice')
    .on('adoption_history')
    .columns(['practice_id', 'seq'])
    .execute();

  await db.schema
    .createIndex('events_parent')
    .on('events')
    .expression(sql`(split_part(envelope->>'subject', '/', 2))`)
    .where(sql<boolean>`envelope->>'subject' like '%/%/%/%'`)
    .execute();

  // no adoption event was written before this: the projection starts at 0 (it skips nothing)
  await db.insertInto('checkpoint').values({ name: 'adoptions', seq: 0 }).execute();
}

export async function down(untyped: Kysely<unknown>): Promise<void> {
  const db = untyped as AnyDb;
  await db.deleteFrom('checkpoint').where('name', '=', 'adoptions').execute();
  await db.schema.dropIndex('events_parent').ifExists().execute();
  await db.schema.dropTable('adoption_history').execute();
  await db.schema.dropTable('adoptions').execute();
}
