import { sql, type RawBuilder } from 'kysely';
import type { Reader } from '@rcpx/contracts';

/**
 * The SQL twin of `canRead` from @rcpx/contracts, over the `participant`, `vis_level` and
 * `vis_rcps` columns of a read-model table (optionally qualified by `alias`).
 */
export function visibleTo(reader: Reader, alias?: string): RawBuilder<boolean> {
  const col = (c: string) => sql.ref(alias ? `${alias}.${c}` : c);
  if (reader.kind === 'admin') return sql<boolean>`true`;
  if (reader.kind === 'anonymous') return sql<boolean>`${col('vis_level')} = 'public'`;
  const p = reader.participant;
  return sql<boolean>`(${col('vis_level')} = 'public' or ${col('participant')} = ${p} or (${col('vis_level')} = 'rcps' and ${p} = any(${col('vis_rcps')})))`;
}
