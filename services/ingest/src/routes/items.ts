import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { IdParams, WithdrawBody, type WriteResult } from '@rcpx/contracts';
import { problem, problemResponses, requirePublisher } from '@rcpx/service-kit';
import type { App } from '@rcpx/service-kit';
import type { ItemCommand } from '../commands/decider.ts';
import { handleCommand } from '../commands/handler.ts';
import type { ItemKindModule } from '../commands/kind.ts';
import { problemOf } from '../commands/problems.ts';
import {
  Created,
  ReviseHeaders,
  WithdrawHeaders,
  Written,
  WRITE_PROBLEMS,
  WriteHeaders,
} from '../http-schemas.ts';
import { idempotencyOf } from '../idempotency.ts';
import { parseIfMatch } from '../if-match.ts';
import { sendWrite } from '../reply.ts';

/** Options of `itemRoutes`: the kind it serves. */
export interface ItemRoutesOptions {
  kind: ItemKindModule;
}

/** onRequest hook: 401/403 before the body is even read unless the token may publish. */
async function publisherOnly(request: FastifyRequest): Promise<void> {
  requirePublisher(request);
}

/**
 * `POST /v1/<resource>`, `PATCH` and `DELETE /v1/<resource>/{id}` of one item kind: each parses
 * the request, hands a command to the handler and maps a refusal to its problem.
 */
export async function itemRoutes(app: App, { kind }: ItemRoutesOptions): Promise<void> {
  const { resource, types } = kind;
  const collection = `/v1/${resource}`;

  /** Runs `command`; answers the write (201/200 + ETag, Location) or throws the problem. */
  async function run(
    request: FastifyRequest,
    reply: FastifyReply,
    command: ItemCommand,
    method: string,
    path: string,
    body: unknown,
  ): Promise<WriteResult> {
    const key = request.headers['idempotency-key'];
    const idempotency = idempotencyOf(
      typeof key === 'string' ? key : undefined,
      command.actor.participant,
      method,
      path,
      body,
    );
    const result = await handleCommand(request.server.bus, kind.decider, {
      kind: kind.kind,
      command,
      idempotency,
    });
    if (!result.ok) throw problemOf(result.error);
    return sendWrite(reply, result.outcome);
  }

  app.post(
    collection,
    {
      onRequest: publisherOnly,
      schema: {
        tags: [resource],
        summary: kind.create.summary,
        description: kind.create.description,
        security: [{ bearerAuth: [] }],
        headers: WriteHeaders,
        body: kind.bodies.create,
        response: { 201: Created, ...problemResponses(...WRITE_PROBLEMS) },
      },
    },
    async (request, reply) => {
      const actor = { participant: requirePublisher(request), reader: request.reader };
      const command: ItemCommand = { type: 'create', id: randomUUID(), actor, data: request.body };
      return run(request, reply, command, 'POST', collection, request.body);
    },
  );

  app.patch(
    `${collection}/:id`,
    {
      onRequest: publisherOnly,
      schema: {
        tags: [resource],
        summary: kind.revise.summary,
        description:
          'Replaces the given top-level fields. Requires `If-Match: "<version>"` (428 without, ' +
          '412 when stale). Only the publishing participant may revise. Appends ' +
          `\`${types.revised}\` with the full new state and \`changed\` (the fields whose ` +
          'value changed; a patch that changes nothing is still recorded, with `changed: []`).' +
          (kind.revise.description ? ` ${kind.revise.description}` : ''),
        security: [{ bearerAuth: [] }],
        headers: ReviseHeaders,
        params: IdParams,
        body: kind.bodies.patch,
        response: { 200: Written, ...problemResponses(...WRITE_PROBLEMS, 404, 409, 412, 428) },
      },
    },
    async (request, reply) => {
      const actor = { participant: requirePublisher(request), reader: request.reader };
      const { id } = request.params;
      const header = request.headers['if-match'];
      if (header === undefined) {
        throw problem.preconditionRequired(
          `Send If-Match: "<version>" of the ${kind.kind} you revise.`,
        );
      }
      const command: ItemCommand = {
        type: 'revise',
        id,
        actor,
        patch: request.body,
        ifMatch: parseIfMatch(header),
      };
      return run(request, reply, command, 'PATCH', `${collection}/${id}`, request.body);
    },
  );

  app.delete(
    `${collection}/:id`,
    {
      onRequest: publisherOnly,
      schema: {
        tags: [resource],
        summary: kind.withdraw.summary,
        description:
          `Appends \`${types.withdrawn}\` with an optional \`reason\`. \`If-Match\` is ` +
          'optional; when sent it must match the current version (412). Only the publishing ' +
          'participant may withdraw; withdrawing twice → 409.',
        security: [{ bearerAuth: [] }],
        headers: WithdrawHeaders,
        params: IdParams,
        body: WithdrawBody.nullish(),
        response: { 200: Written, ...problemResponses(...WRITE_PROBLEMS, 404, 409, 412) },
      },
    },
    async (request, reply) => {
      const actor = { participant: requirePublisher(request), reader: request.reader };
      const { id } = request.params;
      const body = request.body ?? {};
      const header = request.headers['if-match'];
      const command: ItemCommand = {
        type: 'withdraw',
        id,
        actor,
        reason: body.reason,
        ifMatch: header === undefined ? undefined : parseIfMatch(header),
      };
      return run(request, reply, command, 'DELETE', `${collection}/${id}`, body);
    },
  );
}
