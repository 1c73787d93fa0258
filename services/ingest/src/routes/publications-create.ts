import { EVENT_TYPES, PublicationCreateBody } from '@rcpx/contracts';
import type { App } from '@rcpx/service-kit';
import { createItem, publisherOnly } from '../create-item.ts';
import { Created, problemResponses, WRITE_PROBLEMS, WriteHeaders } from '../http-schemas.ts';

/** `POST /v1/publications` → `org.rcpx.publication.released`. */
export async function publicationsCreateRoute(app: App): Promise<void> {
  app.post(
    '/v1/publications',
    {
      onRequest: publisherOnly,
      schema: {
        tags: ['publications'],
        summary: 'Release a publication',
        description:
          'Appends `org.rcpx.publication.released` (version 1). `visibility` defaults to public.',
        security: [{ bearerAuth: [] }],
        headers: WriteHeaders,
        body: PublicationCreateBody,
        response: { 201: Created, ...problemResponses(...WRITE_PROBLEMS) },
      },
    },
    async (request, reply) =>
      createItem(
        request,
        reply,
        {
          kind: 'publication',
          type: EVENT_TYPES.publicationReleased,
          path: '/v1/publications',
        },
        request.body,
        request.headers['idempotency-key'],
      ),
  );
}
