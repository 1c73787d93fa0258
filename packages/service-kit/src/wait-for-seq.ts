import { setTimeout as sleep } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import type { Database } from '@rcpx/db';
import { problem } from './problem.ts';

const POLL_MS = 20;

/**
 * The read models' checkpoint in `schema`: the minimum over its projections' checkpoint rows
 * (each projection commits its own), so every seq up to it is in every read model. 0 before the
 * first batch.
 */
export async function checkpointSeq(db: Kysely<Database>, schema: string): Promise<number> {
  const row = await db
    .withSchema(schema)
    .selectFrom('checkpoint')
    .select((eb) => eb.fn.min('seq').as('seq'))
    .executeTakeFirst();
  return Number(row?.seq ?? 0);
}

/**
 * Read-your-writes: resolves with the checkpoint once the read models in `schema` have applied
 * `minSeq`; throws problem 503 (`Retry-After: 1`) when they have not within `timeoutMs`.
 */
export async function waitForSeq(
  db: Kysely<Database>,
  schema: string,
  minSeq: number,
  timeoutMs = 5_000,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const seq = await checkpointSeq(db, schema);
    if (seq >= minSeq) return seq;
    const left = deadline - Date.now();
    if (left <= 0) {
      throw problem.unavailable(
        1,
        `The read models have not reached seq ${minSeq} yet (at ${seq}); retry shortly.`,
      );
    }
    await sleep(Math.min(POLL_MS, left));
  }
}
