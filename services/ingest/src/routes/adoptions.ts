import type { FastifyRequest } from 'fastify';
import { AdoptionBody, EVENT_TYPES, IdParams } from '@rcpx/contracts';
import { problemResponses, requirePublisher } from '@rcpx/service-kit';
import type { App } from '@rcpx/service-kit';
import { recordAdoption } from '../commands/adoption/handle.ts';
import { problemOf } from '../commands/problems.ts';
import { Created, WRITE_PROBLEMS, WriteHeaders } from '../http-schemas.ts';
import { idempotencyOf } from '../idempotency.ts';
import { sendWrite } from '../reply.ts';

/** onRequest hook: 401/403 before the body is even read unless the token may publish. */
async function publisherOnly(request: FastifyRequest): Promise<void> {
  requirePublisher(request);
}

/** `POST /v1/practices/{id}/adoptions`: another participant records where it stands. */
export async function adoptionRoutes(app: App): Promise<void> {
  app.post(
    '/v1/practices/:id/adoptions',
    {
      onRequest: publisherOnly,
      schema: {
        tags: ['practices'],
        summary: 'Record an adoption of a practice',
        description:
          'The token’s participant records that it is `considering`, `piloting`, has ' +
          '`adopted`, `adapted` or `declined` another participant’s practice, optionally ' +
          'linking its own active practice (`localPractice`) that follows it. Its later records ' +
          'supersede the earlier ones (one adoption per practice and adopter; `version` counts ' +
          `its records). Appends \`${EVENT_TYPES.practiceAdoptionRecorded}\`. 404 when the ` +
          'practice does not exist or the caller may not read it; 403 for the practice’s own ' +
          'publisher; 409 when it is withdrawn; 400 when `localPractice` is not the caller’s ' +
          'own active practice, or `visibility` is wider than the practice’s (it defaults to ' +
          'it and may only narrow it; the practice’s publisher always reads the adoption).',
        security: [{ bearerAuth: [] }],
        headers: WriteHeaders,
        params: IdParams,
        body: AdoptionBody,
        response: { 201: Created, ...problemResponses(...WRITE_PROBLEMS, 404, 409) },
      },
    },
    async (request, reply) => {
      const actor = { participant: requirePublisher(request), reader: request.reader };
      const practiceId = request.params.id.toLowerCase();
      const path = `/v1/practices/${practiceId}/adoptions`;
      const key = request.headers['idempotency-key'];
      const idempotency = idempotencyOf(
        typeof key === 'string' ? key : undefined,
        actor.participant,
        'POST',
        path,
        request.body,
      );
      const result = await recordAdoption(request.server.bus, {
        practiceId,
        actor,
        body: request.body,
        idempotency,
      });
      if (!result.ok) throw problemOf(result.error);
      return sendWrite(reply, result.outcome);
    },
  );
}
