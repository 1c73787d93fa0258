import { sql, type RawBuilder } from 'kysely';

/**
 * Held (session level) by the one active projector of a read schema for as long as it leads;
 * standbys try it every second.
 */
export const leaderLock = (schema: string): RawBuilder<unknown> =>
  sql`hashtext(${`rcpx-projector:${schema}`})`;

/**
 * Taken SHARED by every projection's batch transaction (transaction level) before it touches the
 * schema — the projections of a batch run side by side — and EXCLUSIVE by a rebuild (session
 * level) while it catches up and swaps: the live projections pause between batches, and their
 * next transactions resolve the schema's tables after the swap.
 */
export const applyLock = (schema: string): RawBuilder<unknown> =>
  sql`hashtext(${`rcpx-projector-apply:${schema}`})`;

/** Notified (payload: a seq the read models have reached) when a batch commits; readers wait on it. */
export { CHECKPOINT_CHANNEL } from '@rcpx/db';
