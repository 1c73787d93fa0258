import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ItemKind, WriteResult } from '@rcpx/contracts';
import { requirePublisher } from '@rcpx/service-kit';
import { buildEvent } from './events.ts';
import { idempotencyOf } from './idempotency.ts';
import { sendWrite } from './reply.ts';
import { appendWrite } from './write-path.ts';

/** What a creation route appends: the aggregate kind, the event type and where it is posted. */
export interface CreateSpec {
  kind: ItemKind;
  type: string;
  /** The route path, part of the idempotency body hash (`/v1/practices`). */
  path: string;
}

/**
 * Creates an aggregate: a new uuid, version 1, appended with `expectedLastSubjectSeq: 0`;
 * 201 `{id, version, seq}` with `Location`.
 */
export async function createItem(
  request: FastifyRequest,
  reply: FastifyReply,
  spec: CreateSpec,
  data: Record<string, unknown>,
  idempotencyKey: string | undefined,
): Promise<WriteResult> {
  const participant = requirePublisher(request);
  const id = randomUUID();
  const outcome = await appendWrite(request.server.bus, {
    kind: spec.kind,
    id,
    event: buildEvent({ participant, type: spec.type, kind: spec.kind, id, version: 1, data }),
    status: 201,
    expectedLastSubjectSeq: 0,
    idempotency: idempotencyOf(idempotencyKey, participant, 'POST', spec.path, data),
  });
  return sendWrite(reply, outcome);
}

/** onRequest hook: 401/403 before the body is even read unless the token may publish. */
export async function publisherOnly(request: FastifyRequest): Promise<void> {
  requirePublisher(request);
}
