import type { ColumnType, Generated, Selectable } from 'kysely';

/** `public.sessions`: browser sessions; only the SHA-256 hash of the cookie value is stored. */
export interface SessionsTable {
  id: Generated<string>;
  hash: string;
  /** The participant token the session acts as (null for an admin session). */
  token_id: string | null;
  /** SHA-256 hex of the admin token an admin session was opened with. */
  admin_hash: string | null;
  csrf_secret: string;
  created_at: ColumnType<Date, never, never>;
  expires_at: Date;
  ended_at: ColumnType<Date | null, never, Date>;
}
export type SessionRow = Selectable<SessionsTable>;
