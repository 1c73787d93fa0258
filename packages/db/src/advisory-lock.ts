import { sql, type RawBuilder } from 'kysely';

/**
 * The key of the Postgres advisory lock named `name` (`hashtext('rcpx-' || name)`): the one key
 * scheme of every session-level lock (leaders of processors, rebuilds, the apply lock). The name
 * (ours, never a client's) is inlined as a literal: the key fits a statement without parameters.
 */
export const advisoryLockKey = (name: string): RawBuilder<number> =>
  sql<number>`hashtext(${sql.lit(`rcpx-${name}`)})`;
