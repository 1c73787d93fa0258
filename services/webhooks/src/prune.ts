import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from '@rcpx/db';

/**
 * Deletes finished deliveries (delivered or skipped) older than `retentionMs`, then stored event
 * payloads that are as old and that no delivery refers to. Pending deliveries are never pruned.
 */
export async function pruneDeliveries(
  db: Kysely<Database>,
  retentionMs: number,
): Promise<{ deliveries: number; events: number }> {
  const cutoff = sql<Date>`now() - ${retentionMs} * interval '1 millisecond'`;
  const d = await db
    .deleteFrom('deliveries')
    .where('status', 'in', ['delivered', 'skipped'])
    .where('created_at', '<', cutoff)
    .executeTakeFirst();
  const e = await db
    .deleteFrom('webhook_events as e')
    .where('e.created_at', '<', cutoff)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('deliveries as d').select('d.id').whereRef('d.seq', '=', 'e.seq'))),
    )
    .executeTakeFirst();
  return { deliveries: Number(d.numDeletedRows), events: Number(e.numDeletedRows) };
}
