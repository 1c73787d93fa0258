import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here.
//
// Browser sessions (`POST /v1/session`): a session reads and writes as the token it was opened
// with, and ends when that token is revoked. Only the SHA-256 of the cookie value is stored; the
// CSRF secret is the session's own. An admin session has no token row but the hash of the admin
// token it was opened with, so changing RCPX_ADMIN_TOKEN ends it.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table sessions (
    id uuid primary key default gen_random_uuid(),
    hash text not null unique,
    token_id uuid references tokens (id) on delete cascade,
    admin_hash text,
    csrf_secret text not null,
    created_at timestamptz not null default now(),
    expires_at timestamptz not null,
    ended_at timestamptz,
    check ((token_id is null) <> (admin_hash is null))
  )`.execute(db);
  await sql`create index sessions_token on sessions (token_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table sessions`.execute(db);
}
