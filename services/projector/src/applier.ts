import type { Kysely } from 'kysely';
import type { Database } from '@rcpx/db';
import type { ProjectedEvent } from './decode.ts';

/**
 * A projection as the projector applies it: its tables and its own row in `<schema>.checkpoint`
 * (moved in the transaction that writes its tables; the read models as a whole are at the
 * minimum over the rows). A projection reads and writes only its own tables: projections are
 * applied side by side, in separate transactions.
 */
export interface ProjectionApplier {
  /** Its checkpoint row. */
  readonly name: string;
  /** The event types it reads (`'*'`: every event, unknown ones too); it never sees the others. */
  readonly types: ReadonlySet<string> | '*';
  /**
   * Writes what `events` change, inside `trx`: the valid events of its types beyond its
   * checkpoint, in seq order, never none.
   */
  apply(trx: Kysely<Database>, schema: string, events: readonly ProjectedEvent[]): Promise<void>;
}

/** The events of `events` that `applier` reads (its types; `'*'`: all). */
export function eventsFor(
  applier: ProjectionApplier,
  events: readonly ProjectedEvent[],
): readonly ProjectedEvent[] {
  const { types } = applier;
  if (types === '*') return events;
  return events.filter((e) => e.known && types.has(e.type));
}

/** The union of event type sets. */
export function typesOf(...sets: readonly ReadonlySet<string>[]): ReadonlySet<string> {
  return new Set(sets.flatMap((s) => [...s]));
}
