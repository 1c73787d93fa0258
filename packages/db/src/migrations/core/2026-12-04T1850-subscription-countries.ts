import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here.
//
// Webhook subscriptions take the filters of every list-like read: `countries` joins `themes`,
// `participants` and `types` (empty: every country).

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('subscriptions')
    .addColumn('countries', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('subscriptions').dropColumn('countries').execute();
}
