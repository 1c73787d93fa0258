import { z } from 'zod';
import { IdParams, TokenCreateBody, TokenCreated } from '@rcpx/contracts';
import { generateToken, hashToken, insertToken, revokeToken } from '@rcpx/db';
import { problem, problemResponses, requireAdmin } from '@rcpx/service-kit';
import type { App } from '@rcpx/service-kit';
import type { FastifyRequest } from 'fastify';

async function adminOnly(request: FastifyRequest): Promise<void> {
  requireAdmin(request);
}

/** `POST /v1/admin/tokens` (mint; the token is shown once) and `DELETE /v1/admin/tokens/{id}`. */
export async function adminTokensRoutes(app: App): Promise<void> {
  app.post(
    '/v1/admin/tokens',
    {
      onRequest: adminOnly,
      schema: {
        tags: ['admin'],
        summary: 'Create a participant token',
        description:
          'Admin token only. Answers the bearer token once; only its SHA-256 hash is stored.',
        security: [{ bearerAuth: [] }],
        body: TokenCreateBody,
        response: { 201: TokenCreated, ...problemResponses(400, 401, 403, 503) },
      },
    },
    async (request, reply) => {
      const token = generateToken();
      const row = await insertToken(request.server.db, {
        participant: request.body.participant,
        role: request.body.role,
        hash: hashToken(token),
        label: request.body.label,
      });
      reply.code(201);
      return { id: row.id, token, participant: row.participant, role: row.role };
    },
  );

  app.delete(
    '/v1/admin/tokens/:id',
    {
      onRequest: adminOnly,
      schema: {
        tags: ['admin'],
        summary: 'Revoke a token',
        description: 'Admin token only. The token stops working within a couple of seconds.',
        security: [{ bearerAuth: [] }],
        params: IdParams,
        response: {
          204: z.null().meta({ description: 'Revoked.' }),
          ...problemResponses(400, 401, 403, 404, 503),
        },
      },
    },
    async (request, reply) => {
      if (!(await revokeToken(request.server.db, request.params.id))) {
        throw problem.notFound(`No live token ${request.params.id}.`);
      }
      return reply.code(204).send(null);
    },
  );
}
