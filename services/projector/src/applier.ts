import type { Kysely } from 'kysely';
import type { Database } from '@rcpx/db';
import type { ProjectedEvent } from './decode.ts';

/**
 * A projection applied on its own: its tables and its own row in `<schema>.checkpoint`, in its
 * own transaction per batch. The read models as a whole are at the minimum over the rows.
 */
export interface ProjectionApplier {
  /** Its checkpoint row. */
  readonly name: string;
  /** Writes what `events` (beyond its checkpoint, valid, in seq order) change, inside `trx`. */
  apply(trx: Kysely<Database>, schema: string, events: readonly ProjectedEvent[]): Promise<void>;
}
