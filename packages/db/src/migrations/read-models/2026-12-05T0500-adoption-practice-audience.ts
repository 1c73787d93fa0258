import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here. Runs inside the target read schema.
//
// The practice's current audience and themes on each adoption row (`practice_vis_level`,
// `practice_vis_rcps`, `practice_themes`), so `flows` reads `adoptions` alone instead of joining
// every practice. The adoptions projection maintains them from the practice events, in seq order
// in its own transaction, and keeps every practice's audience in `adoption_practices` (the
// audience a new adoption starts with). Not copied from `items` (another projection, maybe behind):
// the adoptions projection starts again from 0 and rebuilds its tables from the log.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(untyped: Kysely<unknown>): Promise<void> {
  const db = untyped as AnyDb;
  await db.schema
    .createTable('adoption_practices')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('vis_level', 'text', (c) => c.notNull())
    .addColumn('vis_rcps', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('themes', sql`text[]`, (c) => c.notNull())
    .execute();
  await db.deleteFrom('adoption_history').execute();
  await db.deleteFrom('adoptions').execute();
  await db.schema
    .alterTable('adoptions')
    .addColumn('practice_vis_level', 'text', (c) => c.notNull())
    .addColumn('practice_vis_rcps', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('practice_themes', sql`text[]`, (c) => c.notNull())
    .execute();
  await db.updateTable('checkpoint').set({ seq: 0 }).where('name', '=', 'adoptions').execute();
}

export async function down(untyped: Kysely<unknown>): Promise<void> {
  const db = untyped as AnyDb;
  await db.schema
    .alterTable('adoptions')
    .dropColumn('practice_vis_level')
    .dropColumn('practice_vis_rcps')
    .dropColumn('practice_themes')
    .execute();
  await db.schema.dropTable('adoption_practices').execute();
}
