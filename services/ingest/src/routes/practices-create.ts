import { EVENT_TYPES, PracticeCreateBody } from '@rcpx/contracts';
import type { App } from '@rcpx/service-kit';
import { createItem, publisherOnly } from '../create-item.ts';
import { Created, problemResponses, WRITE_PROBLEMS, WriteHeaders } from '../http-schemas.ts';

/** `POST /v1/practices` → `org.rcpx.practice.shared`. */
export async function practicesCreateRoute(app: App): Promise<void> {
  app.post(
    '/v1/practices',
    {
      onRequest: publisherOnly,
      schema: {
        tags: ['practices'],
        summary: 'Share a good practice',
        description:
          'Appends `org.rcpx.practice.shared` (version 1). The publisher is the token’s participant. ' +
          '`visibility` defaults to public.',
        security: [{ bearerAuth: [] }],
        headers: WriteHeaders,
        body: PracticeCreateBody,
        response: { 201: Created, ...problemResponses(...WRITE_PROBLEMS) },
      },
    },
    async (request, reply) =>
      createItem(
        request,
        reply,
        { kind: 'practice', type: EVENT_TYPES.practiceShared, path: '/v1/practices' },
        request.body,
        request.headers['idempotency-key'],
      ),
  );
}
