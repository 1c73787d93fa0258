import type { ColumnType, Generated, Selectable } from 'kysely';

/** `public.tokens`: bearer tokens; only the SHA-256 hash of a token is stored. */
export interface TokensTable {
  id: Generated<string>;
  participant: string;
  role: 'publisher' | 'reader';
  hash: string;
  label: string | null;
  created_at: ColumnType<Date, never, never>;
  revoked_at: ColumnType<Date | null, never, Date>;
}
export type TokenRow = Selectable<TokensTable>;
