import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  QueryLaunchBody,
  QueryParams,
  ReplyBody,
  ReplyParams,
  ReplyPatchBody,
  systemClock,
  utcDate,
  type Clock,
  type WriteResult,
} from '@rcpx/contracts';
import { problem, problemResponses, requirePublisher } from '@rcpx/service-kit';
import type { App } from '@rcpx/service-kit';
import { handleAggregate } from '../commands/aggregate-handler.ts';
import { queryDecider } from '../commands/query/decide.ts';
import type { QueryCommand } from '../commands/query/state.ts';
import { problemOf } from '../commands/problems.ts';
import {
  Created,
  ReplyHeaders,
  ReviseHeaders,
  Written,
  WRITE_PROBLEMS,
  WriteHeaders,
} from '../http-schemas.ts';
import { idempotencyOf } from '../idempotency.ts';
import { parseIfMatch } from '../if-match.ts';
import { sendWrite } from '../reply.ts';

/** Options of `queryWriteRoutes`: where "today" comes from (tests move it). */
export interface QueryWriteRoutesOptions {
  clock?: Clock | undefined;
}

/**
 * Every reply, revision and close of a query is appended on the query's subject: when many
 * race (a crowd replying at the deadline), each is decided again on the new state this often.
 */
const QUERY_RETRIES = 50;

/** A launch, and a first reply (a reply without `If-Match`), create; the rest revise. */
const createsResource = (command: QueryCommand) =>
  command.type === 'launch' || (command.type === 'reply' && command.ifMatch === undefined);

async function publisherOnly(request: FastifyRequest): Promise<void> {
  requirePublisher(request);
}

/**
 * "Ask the network", the writes: launch a query, reply to it (once; revise with `If-Match`),
 * close it. Each parses the request, hands a command to the query handler and maps a refusal to
 * its problem.
 */
export async function queryWriteRoutes(app: App, opts: QueryWriteRoutesOptions): Promise<void> {
  const clock = opts.clock ?? systemClock;

  async function run(
    request: FastifyRequest,
    reply: FastifyReply,
    command: QueryCommand,
    path: string,
    body: unknown,
  ): Promise<WriteResult> {
    const key = request.headers['idempotency-key'];
    const participant = requirePublisher(request);
    const idempotency = idempotencyOf(
      typeof key === 'string' ? key : undefined,
      participant,
      request.method,
      path,
      body,
    );
    const result = await handleAggregate(request.server.bus, queryDecider, {
      kind: 'query',
      id: command.id,
      command,
      participant,
      idempotency,
      status: createsResource(command) ? 201 : 200,
      retries: QUERY_RETRIES,
    });
    if (!result.ok) throw problemOf(result.error);
    return sendWrite(reply, result.outcome);
  }
  const actorOf = (request: FastifyRequest) => ({
    participant: requirePublisher(request),
    reader: request.reader,
  });

  app.post(
    '/v1/queries',
    {
      onRequest: publisherOnly,
      schema: {
        tags: ['queries'],
        summary: 'Ask the network: launch a query',
        description:
          'Questions (1–20, distinct refs) to other participants, with a deadline 1–90 days ' +
          'ahead (UTC). `addressees` defaults to every other participant that the visibility ' +
          'admits; every addressee must be able to read the query. Appends ' +
          '`org.rcpx.query.launched`.',
        security: [{ bearerAuth: [] }],
        headers: WriteHeaders,
        body: QueryLaunchBody,
        response: { 201: Created, ...problemResponses(...WRITE_PROBLEMS) },
      },
    },
    async (request, reply) => {
      const command: QueryCommand = {
        type: 'launch',
        id: randomUUID(),
        actor: actorOf(request),
        body: request.body,
        today: utcDate(clock.now()),
      };
      return run(request, reply, command, '/v1/queries', request.body);
    },
  );

  app.post(
    '/v1/queries/:id/replies',
    {
      onRequest: publisherOnly,
      schema: {
        tags: ['queries'],
        summary: 'Reply to a query, or revise the reply with If-Match',
        description:
          'By an addressee (not the launcher), once per participant: 201 and ' +
          "`org.rcpx.query.replied`. Answers name the refs of the query's questions. The " +
          "reply's visibility defaults to the launcher only; it never reaches beyond the " +
          "query's audience, and always includes the launcher. The author revises its reply by " +
          'sending it again with `If-Match: "<version>"` of the reply: 200 and ' +
          '`org.rcpx.query.reply.revised` (the answers replaced; `visibility` kept when ' +
          'omitted), as `PATCH /v1/queries/{id}/replies/{participant}` does; 412 when the ' +
          'version is stale or there is no reply yet. A second reply without `If-Match` is a ' +
          '409 naming the current version. A reply or revision after the deadline or the ' +
          'close is a 409.',
        security: [{ bearerAuth: [] }],
        headers: ReplyHeaders,
        params: QueryParams,
        body: ReplyBody,
        response: {
          201: Created,
          200: Written,
          ...problemResponses(...WRITE_PROBLEMS, 404, 409, 412),
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const header = request.headers['if-match'];
      const command: QueryCommand = {
        type: 'reply',
        id,
        actor: actorOf(request),
        body: request.body,
        today: utcDate(clock.now()),
        ifMatch: header === undefined ? undefined : parseIfMatch(header),
      };
      // The condition is part of the request: one Idempotency-Key for a reply and a revision
      // is "another request" (422), not a replay of the first.
      const body = header === undefined ? request.body : { body: request.body, ifMatch: header };
      return run(request, reply, command, `/v1/queries/${id}/replies`, body);
    },
  );

  app.patch(
    '/v1/queries/:id/replies/:reply',
    {
      onRequest: publisherOnly,
      schema: {
        tags: ['queries'],
        summary: 'Revise a reply (alias of POST …/replies with If-Match)',
        description:
          "`{reply}` is the reply's id (`Location` of its write) or its author's slug. " +
          'By its author, until the query closes. Requires `If-Match: "<version>"` of the ' +
          'reply (428 without, 412 when stale). Replaces `answers` and/or `visibility`. ' +
          'Appends `org.rcpx.query.reply.revised` with the full reply and `changed`.',
        security: [{ bearerAuth: [] }],
        headers: ReviseHeaders,
        params: ReplyParams,
        body: ReplyPatchBody,
        response: { 200: Written, ...problemResponses(...WRITE_PROBLEMS, 404, 409, 412, 428) },
      },
    },
    async (request, reply) => {
      const { id, reply: which } = request.params;
      const header = request.headers['if-match'];
      if (header === undefined) {
        throw problem.preconditionRequired('Send If-Match: "<version>" of the reply you revise.');
      }
      const command: QueryCommand = {
        type: 'revise-reply',
        id,
        reply: which,
        actor: actorOf(request),
        patch: request.body,
        ifMatch: parseIfMatch(header),
        today: utcDate(clock.now()),
      };
      const path = `/v1/queries/${id}/replies/${which}`;
      return run(request, reply, command, path, request.body);
    },
  );

  app.post(
    '/v1/queries/:id/close',
    {
      onRequest: publisherOnly,
      schema: {
        tags: ['queries'],
        summary: 'Close a query',
        description:
          'By its launcher; a closed query takes no more replies or revisions. A query also ' +
          'closes by itself once its deadline is past. Exactly one `org.rcpx.query.closed` ' +
          'per query: closing twice is a 409.',
        security: [{ bearerAuth: [] }],
        headers: WriteHeaders,
        params: QueryParams,
        response: { 200: Written, ...problemResponses(...WRITE_PROBLEMS, 404, 409) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const command: QueryCommand = {
        type: 'close',
        id,
        actor: actorOf(request),
        today: utcDate(clock.now()),
      };
      return run(request, reply, command, `/v1/queries/${id}/close`, {});
    },
  );
}
