import { sql, type Kysely } from 'kysely';
import { readModels, type Database } from '@rcpx/db';
import type { MembershipState } from './types.ts';

/** Upserts the batch's latest change per process and state (a handful of rows at most). */
export async function writeMemberships(
  db: Kysely<Database>,
  schema: string,
  states: readonly MembershipState[],
): Promise<void> {
  if (states.length === 0) return;
  await readModels(db, schema)
    .insertInto('memberships')
    .values(
      states.map((s) => ({
        participant: s.participant,
        country: s.country,
        role: s.role,
        as_of: s.asOf,
        source: JSON.stringify(s.source),
        seq: s.seq,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['participant', 'country']).doUpdateSet({
        role: sql`excluded.role`,
        as_of: sql`excluded.as_of`,
        source: sql`excluded.source`,
        seq: sql`excluded.seq`,
      }),
    )
    .execute();
}
