import type { Kysely } from 'kysely';
import { readBySeq, type Bus } from '@rcpx/bus';
import { migrateReadModels, readModelsCheckpoint, type Database } from '@rcpx/db';
import { RealignError, type CheckpointedHandler } from '@rcpx/processor';
import {
  CheckpointGapError,
  prepareBatch,
  type ApplyResult,
  type PreparedBatch,
  type ProjectorLogger,
} from './apply-batch.ts';
import { applyPreparedSafely } from './apply-safely.ts';

export interface ReadModelsHandlerOptions {
  db: Kysely<Database>;
  bus: Bus;
  /** Read schema. */
  schema: string;
  logger: ProjectorLogger;
  /**
   * The live projector (default true): notifies commits, refuses a batch beyond a projection's
   * checkpoint + 1 (realigns) and migrates a dropped schema again. A rebuild's catch-up does not.
   */
  live?: boolean;
  /** Called after each committed batch (metrics). */
  onApplied?: (result: ApplyResult) => void;
}

/** The read schema or its tables are gone (dropped by hand): migrate them again. */
function isMissingSchema(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '42P01' || code === '3F000';
}

/**
 * The read models of `schema` as a checkpointed handler: each batch decoded once, then applied
 * to every projection with its checkpoint row (a few transactions side by side); the checkpoint
 * is the minimum over the rows (`readModelsCheckpoint`).
 */
export function readModelsHandler(
  opts: ReadModelsHandlerOptions,
): CheckpointedHandler<PreparedBatch> {
  const { db, bus, schema, logger: log } = opts;
  const live = opts.live ?? true;
  return {
    checkpoint: () => readModelsCheckpoint(db, schema),
    prepare: (batch) => prepareBatch(batch),
    async apply(prepared) {
      for (let contiguous = live; ; contiguous = false) {
        try {
          const result = await applyPreparedSafely(db, prepared, {
            schema,
            logger: log,
            contiguous,
            notify: live,
          });
          opts.onApplied?.(result);
          return;
        } catch (err) {
          if (!(err instanceof CheckpointGapError)) throw err;
          // beyond checkpoint + 1: the read models were reset under us, unless the log lacks them
          if (await readBySeq(bus, err.checkpoint + 1)) {
            throw new RealignError('delivery ahead of the read models', { cause: err });
          }
          log.warn({ err }, 'projector: seqs missing from the log; going past them');
        }
      }
    },
    async recover(err) {
      if (!live || !isMissingSchema(err)) return;
      log.warn({ schema }, 'projector: read models missing; migrating them again');
      await migrateReadModels(db, schema);
    },
  };
}
