import type { FastifyReply } from 'fastify';
import type { WriteResult } from '@rcpx/contracts';
import { locationOf } from './events.ts';
import { etagOf } from './if-match.ts';
import type { WriteOutcome } from './write-path.ts';

/**
 * Sets a write's status and headers — `ETag` of the new version, `Location` on 201, and
 * `Idempotent-Replayed: true` when answering a retry — and returns its body.
 */
export function sendWrite(reply: FastifyReply, outcome: WriteOutcome): WriteResult {
  reply.code(outcome.status);
  reply.header('etag', etagOf(outcome.result.version));
  if (outcome.status === 201) reply.header('location', locationOf(outcome.kind, outcome.result.id));
  if (outcome.replayed) reply.header('idempotent-replayed', 'true');
  return outcome.result;
}
