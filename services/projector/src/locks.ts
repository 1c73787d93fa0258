import type { RawBuilder } from 'kysely';
import { advisoryLockKey } from '@rcpx/db';

/** The leader lock's name (see `advisoryLockKey`) of the projector of a read schema. */
export const leaderLockName = (schema: string): string => `projector:${schema}`;

/**
 * Taken SHARED by every batch transaction (transaction level) before it touches the schema, and
 * EXCLUSIVE by a rebuild (session level) while it catches up and swaps: the live projector
 * pauses between batches, and its next transaction resolves the schema's tables after the swap.
 */
export const applyLock = (schema: string): RawBuilder<number> =>
  advisoryLockKey(`projector-apply:${schema}`);

/** Held (session level) by the one rebuild of a read schema. */
export const rebuildLock = (schema: string): RawBuilder<number> =>
  advisoryLockKey(`rebuild:${schema}`);
