import { EVENT_TYPES, MeetingCreateBody } from '@rcpx/contracts';
import type { App } from '@rcpx/service-kit';
import { createItem, publisherOnly } from '../create-item.ts';
import { Created, problemResponses, WRITE_PROBLEMS, WriteHeaders } from '../http-schemas.ts';

/** `POST /v1/meetings` → `org.rcpx.meeting.outcome.recorded`. */
export async function meetingsCreateRoute(app: App): Promise<void> {
  app.post(
    '/v1/meetings',
    {
      onRequest: publisherOnly,
      schema: {
        tags: ['meetings'],
        summary: 'Record a meeting and its outcomes',
        description:
          'Appends `org.rcpx.meeting.outcome.recorded` (version 1). `visibility` defaults to public.',
        security: [{ bearerAuth: [] }],
        headers: WriteHeaders,
        body: MeetingCreateBody,
        response: { 201: Created, ...problemResponses(...WRITE_PROBLEMS) },
      },
    },
    async (request, reply) =>
      createItem(
        request,
        reply,
        { kind: 'meeting', type: EVENT_TYPES.meetingOutcomeRecorded, path: '/v1/meetings' },
        request.body,
        request.headers['idempotency-key'],
      ),
  );
}
