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

/** The live session with that hash: not ended, not expired, and its token not revoked. */
export async function findLiveSession(
  db: Kysely<Database>,
  hash: string,
): Promise<LiveSession | undefined> {
  const row = await db
    .selectFrom('sessions as s')
    .leftJoin('tokens as t', 't.id', 's.token_id')
    .select([
      's.id',
      's.admin_hash',
      's.csrf_secret',
      's.expires_at',
      't.id as token_id',
      't.participant',
      't.role',
    ])
    .where('s.hash', '=', hash)
    .where('s.ended_at', 'is', null)
    .where('s.expires_at', '>', new Date())
    .where((eb) => eb.or([eb('s.token_id', 'is', null), eb('t.revoked_at', 'is', null)]))
    .executeTakeFirst();
  if (!row) return undefined;
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
