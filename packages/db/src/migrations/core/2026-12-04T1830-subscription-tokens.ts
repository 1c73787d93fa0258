import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here.
//
// A subscription (and its Atom feed key) reads as the token that created or last re-authorised
// it: once that token is revoked, only public items. Rows made before this migration have no
// token and read public items until a live token re-authorises them (a PATCH).

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table subscriptions
    add column token_id uuid references tokens (id) on delete set null`.execute(db);
  await sql`create index subscriptions_token on subscriptions (token_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table subscriptions drop column token_id`.execute(db);
}
