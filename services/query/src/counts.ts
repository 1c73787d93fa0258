import type { Kysely } from 'kysely';
import { audiencesFor } from '@rcpx/contracts';
import type { Reader } from '@rcpx/contracts';
import { readModels } from '@rcpx/db';
import type { Database } from '@rcpx/db';

/**
 * Active items per key of `dimension` that `reader` may see: the sum of `counts` over the
 * reader's audience keys (disjoint, so nothing is counted twice). Optionally for one key only.
 */
export async function countsFor(
  db: Kysely<Database>,
  schema: string,
  reader: Reader,
  dimension: 'theme' | 'participant' | 'kind',
  key?: string,
): Promise<Map<string, number>> {
  const rows = await readModels(db, schema)
    .selectFrom('counts')
    .select(['key', (eb) => eb.fn.sum<string>('n').as('n')])
    .where('dimension', '=', dimension)
    .where('audience', 'in', audiencesFor(reader))
    .$if(key !== undefined, (q) => q.where('key', '=', key!))
    .groupBy('key')
    .execute();
  return new Map(rows.map((r) => [r.key, Number(r.n)]));
}
