import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Kysely, RawBuilder } from 'kysely';
import type { Database } from './database.ts';
import type { TokenRow } from './tokens.table.ts';

/** SHA-256 hex of a bearer token: the only form a token is stored in. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A fresh bearer token (shown once to its holder). */
export function generateToken(): string {
  return `rcpx_${randomBytes(32).toString('base64url')}`;
}

export async function insertToken(
  db: Kysely<Database>,
  t: {
    participant: string;
    role: 'publisher' | 'reader';
    hash: string;
    label?: string | undefined;
  },
): Promise<TokenRow> {
  return db
    .insertInto('tokens')
    .values({ participant: t.participant, role: t.role, hash: t.hash, label: t.label ?? null })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The live (not revoked) token with that hash. */
export async function findTokenByHash(
  db: Kysely<Database>,
  hash: string,
): Promise<TokenRow | undefined> {
  return db
    .selectFrom('tokens')
    .selectAll()
    .where('hash', '=', hash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

/**
 * The token with that hash: its row when live, `'revoked'` when it was revoked (a credential that
 * was real, not a guess), undefined when none has it.
 */
export async function findTokenStateByHash(
  db: Kysely<Database>,
  hash: string,
): Promise<TokenRow | 'revoked' | undefined> {
  const row = await db.selectFrom('tokens').selectAll().where('hash', '=', hash).executeTakeFirst();
  return row && row.revoked_at !== null ? 'revoked' : row;
}

/** Revokes a token; false when there is no such live token. */
export async function revokeToken(db: Kysely<Database>, id: string): Promise<boolean> {
  const res = await db
    .updateTable('tokens')
    .set({ revoked_at: new Date() })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return res.numUpdatedRows > 0n;
}

/**
 * SQL true when the token in column `tokenRef` is live and belongs to the participant in column
 * `participantRef` (e.g. `s.token_id`, `s.participant`): what a subscription or feed key made by
 * that token may read confidential items on.
 */
export function liveTokenOf(tokenRef: string, participantRef: string): RawBuilder<boolean> {
  return sql<boolean>`exists (select 1 from public.tokens t where t.id = ${sql.ref(tokenRef)}
    and t.participant = ${sql.ref(participantRef)} and t.revoked_at is null)`;
}
