import type { Kysely } from 'kysely';
import type { Database } from './database.ts';

export interface NewSession {
  hash: string;
  tokenId: string | null;
  adminHash: string | null;
  csrfSecret: string;
  expiresAt: Date;
}

/** A session that has not ended or expired, with what its token says (null for admin). */
export interface LiveSession {
  id: string;
  adminHash: string | null;
  csrfSecret: string;
  expiresAt: Date;
  token: { id: string; participant: string; role: 'publisher' | 'reader' } | null;
}

export async function openSession(db: Kysely<Database>, s: NewSession): Promise<string> {
  const row = await db
    .insertInto('sessions')
    .values({
      hash: s.hash,
      token_id: s.tokenId,
      admin_hash: s.adminHash,
      csrf_secret: s.csrfSecret,
      expires_at: s.expiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * The session with that hash: the live one (not ended, not expired, its token not revoked);
 * `'ended'` when it exists but is live no more (a stale cookie, not a guess); undefined when no
 * session has that hash.
 */
export async function findSession(
  db: Kysely<Database>,
  hash: string,
): Promise<LiveSession | 'ended' | undefined> {
  const row = await db
    .selectFrom('sessions as s')
    .leftJoin('tokens as t', 't.id', 's.token_id')
    .select([
      's.id',
      's.admin_hash',
      's.csrf_secret',
      's.expires_at',
      's.ended_at',
      's.token_id as session_token',
      't.id as token_id',
      't.participant',
      't.role',
      't.revoked_at',
    ])
    .where('s.hash', '=', hash)
    .executeTakeFirst();
  if (!row) return undefined;
  const live =
    row.ended_at === null &&
    row.expires_at > new Date() &&
    (row.session_token === null || (row.token_id !== null && row.revoked_at === null));
  if (!live) return 'ended';
  return {
    id: row.id,
    adminHash: row.admin_hash,
    csrfSecret: row.csrf_secret,
    expiresAt: row.expires_at,
    token:
      row.token_id && row.participant && row.role
        ? { id: row.token_id, participant: row.participant, role: row.role }
        : null,
  };
}

/** Ends a session (sign-out); false when it had ended already. */
export async function endSession(db: Kysely<Database>, id: string): Promise<boolean> {
  const res = await db
    .updateTable('sessions')
    .set({ ended_at: new Date() })
    .where('id', '=', id)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  return res.numUpdatedRows > 0n;
}
