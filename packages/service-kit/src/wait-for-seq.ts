import type { Kysely } from 'kysely';
import { checkpointNotices, readModelsCheckpoint, type Database } from '@rcpx/db';
import { problem } from './problem.ts';

/** Re-read interval while no checkpoint notices arrive (the LISTEN connection is down). */
const POLL_MS = 20;
/** Re-read interval while notices arrive: only a safety net. */
const LISTENING_RECHECK_MS = 1_000;

/**
 * Read-your-writes: resolves with the checkpoint once the read models in `schema` have applied
 * `minSeq`; throws problem 503 (`Retry-After: 1`) when they have not within `timeoutMs`. Wakes on
 * the projector's commit notices, which carry the read models' checkpoint: a notice of `schema`
 * short of `minSeq` needs no read (the lane whose commit is seen last announces the rest), a
 * notice without one (the connection came back) does. Polls every 20 ms while none arrive.
 */
export async function waitForSeq(
  db: Kysely<Database>,
  schema: string,
  minSeq: number,
  timeoutMs = 5_000,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let seq = 0;
  const notices = checkpointNotices(db);
  let noticed = false;
  let reread = true; // read the checkpoint before waiting again
  let announced = 0; // the highest checkpoint of `schema` a notice carried
  let wake: (() => void) | null = null;
  const unsubscribe = notices?.subscribe((notice) => {
    noticed = true;
    if (notice === undefined) reread = true;
    else if (notice.schema === schema && notice.seq > announced) announced = notice.seq;
    wake?.();
  });
  try {
    for (;;) {
      // subscribed before this read (the first one too): a commit after it wakes the wait
      // below. A notice that announced minSeq or beyond spares the read (the projector notifies
      // after every commit).
      if (announced > 0 && announced >= minSeq) return announced;
      if (reread) {
        reread = false;
        seq = await readModelsCheckpoint(db, schema);
        if (seq >= minSeq) return seq;
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        const at = Math.max(seq, announced);
        throw problem.unavailable(
          1,
          `The read models have not reached seq ${minSeq} yet (at ${at}); retry shortly.`,
        );
      }
      if (!noticed) {
        const pause = Math.min(left, notices?.listening ? LISTENING_RECHECK_MS : POLL_MS);
        const woken = await new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => resolve(false), pause);
          wake = () => {
            clearTimeout(timer);
            resolve(true);
          };
        });
        wake = null;
        if (!woken) reread = true; // the safety net: no notice within the pause
      }
      noticed = false;
    }
  } finally {
    unsubscribe?.();
  }
}
