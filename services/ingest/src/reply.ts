import type { FastifyReply } from 'fastify';
import type { WriteResult } from '@rcpx/contracts';
import { etagOf } from './if-match.ts';
import type { WriteOutcome } from './write-path.ts';

/**
 * Sets a write's status and headers — `ETag` of the new version, `Location` on 201, and
 * `Idempotent-Replayed: true` when answering a retry — and returns its body.
 */
export function sendWrite(reply: FastifyReply, outcome: WriteOutcome): WriteResult {
  reply.code(outcome.status);
  reply.header('etag', etagOf(outcome.result.version));
  if (outcome.status === 201) reply.header('location', outcome.location);
  if (outcome.replayed) reply.header('idempotent-replayed', 'true');
  return outcome.result;
}
