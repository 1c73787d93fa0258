import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here.
//
// Webhook subscriptions take `memberStates` like every list-like read: the events of every
// process one of these states is a member of (empty: no such filter).

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('subscriptions')
    .addColumn('member_states', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('subscriptions').dropColumn('member_states').execute();
}
