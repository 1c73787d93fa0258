import type { Kysely } from 'kysely';
import { readModels, type Database } from '@rcpx/db';
import { CHECKPOINT_NAME } from './locks.ts';

/** The projector's checkpoint in `schema` (0 before the first batch). */
export async function readCheckpoint(db: Kysely<Database>, schema: string): Promise<number> {
  const row = await readModels(db, schema)
    .selectFrom('checkpoint')
    .select('seq')
    .where('name', '=', CHECKPOINT_NAME)
    .executeTakeFirst();
  return row ? Number(row.seq) : 0;
}
