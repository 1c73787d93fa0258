import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { readModelsCheckpoint, type Database } from '@rcpx/db';
import { waitForSeq } from '@rcpx/service-kit';

/** How long a read waits for `minSeq` before answering 503. */
export const MIN_SEQ_TIMEOUT_MS = 5_000;

/**
 * A preHandler for every read: with `minSeq`, waits until the read models have applied that seq
 * (else 503 + Retry-After); then sets `Rcpx-Seq` to the checkpoint, read before the data, so the
 * answer reflects at least every event up to that seq. Answers vary with the bearer token
 * (`Vary: Authorization`).
 */
export function readHook(db: Kysely<Database>, schema: string, timeoutMs = MIN_SEQ_TIMEOUT_MS) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const minSeq = (request.query as { minSeq?: unknown } | undefined)?.minSeq;
    const seq =
      typeof minSeq === 'number' && minSeq > 0
        ? await waitForSeq(db, schema, minSeq, timeoutMs)
        : await readModelsCheckpoint(db, schema);
    reply.header('rcpx-seq', String(seq)).header('vary', 'authorization');
  };
}
