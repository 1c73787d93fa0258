import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from '@rcpx/db';

/** The ids among `ids` of tokens that exist and are not revoked (one query). */
export async function liveTokenIds(db: Kysely<Database>, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('tokens')
    .select('id')
    .where(sql<boolean>`id = any(${ids}::uuid[])`)
    .where('revoked_at', 'is', null)
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** The ids among `ids` of browser sessions that have not ended or expired (one query). */
export async function liveSessionIds(db: Kysely<Database>, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('sessions')
    .select('id')
    .where(sql<boolean>`id = any(${ids}::uuid[])`)
    .where('ended_at', 'is', null)
    .where('expires_at', '>', new Date())
    .execute();
  return new Set(rows.map((r) => r.id));
}
