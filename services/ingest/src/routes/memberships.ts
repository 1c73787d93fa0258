import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  CountryCode,
  EVENT_TYPES,
  MembershipDelete,
  MembershipPut,
  ParticipantSlug,
  type WriteResult,
} from '@rcpx/contracts';
import { problemResponses, requireAdmin } from '@rcpx/service-kit';
import type { App } from '@rcpx/service-kit';
import type { SetMembership } from '../commands/membership/decide.ts';
import { handleMembership } from '../commands/membership/handler.ts';
import { problemOf } from '../commands/problems.ts';
import { Written, WRITE_PROBLEMS, WriteHeaders } from '../http-schemas.ts';
import { idempotencyOf } from '../idempotency.ts';
import { sendWrite } from '../reply.ts';

const MembershipParams = z.object({
  slug: ParticipantSlug.meta({
    description: 'The process (an RCP)',
    examples: ['colombo-process'],
  }),
  cc: CountryCode.meta({ description: 'The state, ISO 3166-1 alpha-2', examples: ['MY'] }),
});

async function adminOnly(request: FastifyRequest): Promise<void> {
  requireAdmin(request);
}

async function run(
  request: FastifyRequest,
  reply: FastifyReply,
  command: SetMembership,
  method: string,
  body: unknown,
): Promise<WriteResult> {
  const key = request.headers['idempotency-key'];
  const path = `/v1/participants/${command.participant}/memberships/${command.country}`;
  const idempotency = idempotencyOf(
    typeof key === 'string' ? key : undefined,
    'admin',
    method,
    path,
    body,
  );
  const result = await handleMembership(request.server.bus, command, idempotency);
  if (!result.ok) throw problemOf(result.error);
  return sendWrite(reply, result.outcome);
}

const TYPE = EVENT_TYPES.membershipChanged;

/**
 * `PUT /v1/participants/{slug}/memberships/{cc}` (a state's role in a process) and `DELETE` (it
 * leaves): admin only, each an `org.rcpx.membership.changed` in the log.
 */
export async function membershipRoutes(app: App): Promise<void> {
  app.put(
    '/v1/participants/:slug/memberships/:cc',
    {
      onRequest: adminOnly,
      schema: {
        tags: ['memberships'],
        summary: 'Set a state’s role in a process',
        description:
          `Admin token only. Appends \`${TYPE}\` (public): the state is a \`member\` or an ` +
          '`observer` of the process from `asOf` (default: today, UTC), documented by `source`. ' +
          'Recorded even when the role is unchanged (a new source or date confirms it). The ' +
          'registry’s own data (with its date and source) is the starting point.',
        security: [{ bearerAuth: [] }],
        headers: WriteHeaders,
        params: MembershipParams,
        body: MembershipPut.meta({
          examples: [
            {
              role: 'member',
              asOf: '2024-06',
              source: { name: 'Colombo Process Chair', url: 'https://www.example.org/' },
            },
          ],
        }),
        response: { 200: Written, ...problemResponses(...WRITE_PROBLEMS) },
      },
    },
    async (request, reply) => {
      const { slug, cc } = request.params;
      const { role, asOf, source } = request.body;
      const command: SetMembership = { type: 'set', participant: slug, country: cc, role };
      if (asOf !== undefined) command.asOf = asOf;
      if (source !== undefined) command.source = source;
      return run(request, reply, command, 'PUT', request.body);
    },
  );

  app.delete(
    '/v1/participants/:slug/memberships/:cc',
    {
      onRequest: adminOnly,
      schema: {
        tags: ['memberships'],
        summary: 'Remove a state from a process',
        description:
          `Admin token only. Appends \`${TYPE}\` with role \`none\`; optional body ` +
          '`{asOf, source}`.',
        security: [{ bearerAuth: [] }],
        headers: WriteHeaders,
        params: MembershipParams,
        body: MembershipDelete.nullish(),
        response: { 200: Written, ...problemResponses(...WRITE_PROBLEMS) },
      },
    },
    async (request, reply) => {
      const { slug, cc } = request.params;
      const body = request.body ?? {};
      const command: SetMembership = { type: 'set', participant: slug, country: cc, role: 'none' };
      if (body.asOf !== undefined) command.asOf = body.asOf;
      if (body.source !== undefined) command.source = body.source;
      return run(request, reply, command, 'DELETE', body);
    },
  );
}
