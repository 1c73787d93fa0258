import type { Kysely } from 'kysely';
import type { Bus } from '@rcpx/bus';
import type { Database } from '@rcpx/db';
import { rebuildReadModels } from '@rcpx/projector';
import type { Measured } from './report.ts';

/**
 * Times `rebuildReadModels` of `schema` over the whole log: migrating `<schema>_next`, replaying
 * every event into it, and the swap.
 */
export async function benchRebuild(
  db: Kysely<Database>,
  bus: Bus,
  schema = 'rm',
): Promise<Measured & { checkpoint: number }> {
  const started = performance.now();
  const { events, checkpoint } = await rebuildReadModels({ db, bus, schema });
  return { events, seconds: (performance.now() - started) / 1000, checkpoint };
}
