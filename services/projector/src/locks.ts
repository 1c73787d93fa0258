import { sql, type RawBuilder } from 'kysely';

/**
 * Held (session level) by the one active projector of a read schema for as long as it leads;
 * standbys try it every second.
 */
export const leaderLock = (schema: string): RawBuilder<unknown> =>
  sql`hashtext(${`rcpx-projector:${schema}`})`;

/**
 * Taken by every batch transaction (transaction level) before it touches the schema, and held by
 * a rebuild (session level) while it catches up and swaps: the live projector pauses between
 * batches, and its next batch resolves the schema's tables after the swap.
 */
export const applyLock = (schema: string): RawBuilder<unknown> =>
  sql`hashtext(${`rcpx-projector-apply:${schema}`})`;

/** Checkpoint row name of the projector in `<schema>.checkpoint`. */
export const CHECKPOINT_NAME = 'projector';

/** Postgres channel notified (payload: the seq) when a batch commits. */
export const CHECKPOINT_CHANNEL = 'rcpx_checkpoint';
