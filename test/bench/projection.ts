import type { Kysely } from 'kysely';
import type { Bus } from '@rcpx/bus';
import type { Database } from '@rcpx/db';
import { startProjector } from '@rcpx/projector';
import type { Measured } from './report.ts';

export interface ProjectionResult extends Measured {
  /** Batches committed (each one transaction with the checkpoint). */
  batches: number;
}

/**
 * Drains a backlog: starts the projector on `schema` (migrated, checkpoint at 0, log appended up
 * to `lastSeq`) and times until a committed batch moves its checkpoint to `lastSeq` (reported by
 * the projector's `onApplied`, so no polling query competes with it); then stops it.
 */
export async function benchProjection(
  db: Kysely<Database>,
  bus: Bus,
  lastSeq: number,
  opts: { schema?: string; timeoutMs?: number } = {},
): Promise<ProjectionResult> {
  let batches = 0;
  let events = 0;
  let reached!: () => void;
  const done = new Promise<void>((resolve) => (reached = resolve));
  const started = performance.now();
  const projector = startProjector({
    db,
    bus,
    schema: opts.schema ?? 'rm',
    onApplied: (r) => {
      batches++;
      events += r.applied + r.skipped;
      if (r.checkpoint >= lastSeq) reached();
    },
    logger: {
      info() {},
      warn: (obj, msg) => console.warn(`projector: ${msg ?? ''}`, obj),
      error: (obj, msg) => console.error(`projector: ${msg ?? ''}`, obj),
    },
  });
  let timer: NodeJS.Timeout | undefined;
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`projection: ${lastSeq} not reached in ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    await Promise.race([done, timeout]);
    return { events, seconds: (performance.now() - started) / 1000, batches };
  } finally {
    clearTimeout(timer);
    await projector.stop();
  }
}
