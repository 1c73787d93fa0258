import { subjectFor } from '@rcpx/bus';
import { FollowUpBody, followUpIdOf, OutcomeParams, type WriteResult } from '@rcpx/contracts';
import { problemResponses, requirePublisher, type App } from '@rcpx/service-kit';
import { handleAggregate } from '../commands/aggregate-handler.ts';
import { followUpDecider } from '../commands/follow-up/decide.ts';
import { loadItem } from '../commands/handler.ts';
import { meetingKind } from '../commands/meeting/index.ts';
import { problemOf } from '../commands/problems.ts';
import { Created, WRITE_PROBLEMS, WriteHeaders } from '../http-schemas.ts';
import { idempotencyOf } from '../idempotency.ts';
import { sendWrite } from '../reply.ts';

/**
 * `POST /v1/meetings/{id}/outcomes/{ref}/follow-ups`: the meeting's owner or an addressee of the
 * outcome reports its follow-up (`org.rcpx.followup.reported`). The meeting is read from the log
 * and handed to the pure decider; the report is appended on the reporter's follow-up subject.
 */
export async function followUpRoutes(app: App): Promise<void> {
  app.post(
    '/v1/meetings/:id/outcomes/:ref/follow-ups',
    {
      onRequest: async (request) => {
        requirePublisher(request);
      },
      schema: {
        tags: ['follow-ups'],
        summary: 'Report the follow-up of a meeting outcome',
        description:
          'By the meeting’s publisher, or an addressee of the outcome (403 for anyone else who ' +
          'may read the meeting; 404 for whoever may not, and for a ref that is not among the ' +
          'meeting’s outcomes now; 409 once the meeting is withdrawn). Appends ' +
          '`org.rcpx.followup.reported` (subject `meetings/<id>/follow-ups/<followUpId>`, ' +
          'followUpId = uuidv5(meetingId/ref/reporter)); the reporter’s later reports supersede ' +
          'its earlier ones, which stay in the history. The report has the meeting’s themes and ' +
          'visibility (an `rcps` list also names the meeting’s publisher).',
        security: [{ bearerAuth: [] }],
        headers: WriteHeaders,
        params: OutcomeParams,
        body: FollowUpBody,
        response: { 201: Created, ...problemResponses(...WRITE_PROBLEMS, 404, 409) },
      },
    },
    async (request, reply): Promise<WriteResult> => {
      const participant = requirePublisher(request);
      const { id, ref } = request.params;
      const meetingId = id.toLowerCase();
      const key = request.headers['idempotency-key'];
      const path = `/v1/meetings/${id}/outcomes/${ref}/follow-ups`;
      const bus = request.server.bus;
      const { state: meeting } = await loadItem(
        bus,
        meetingKind.decider,
        subjectFor(bus, 'meeting', meetingId),
      );
      const result = await handleAggregate(bus, followUpDecider, {
        kind: 'followup',
        id: followUpIdOf(meetingId, ref, participant),
        command: {
          type: 'report',
          meetingId,
          ref,
          actor: { participant, reader: request.reader },
          body: request.body,
          meeting,
        },
        participant,
        idempotency: idempotencyOf(
          typeof key === 'string' ? key : undefined,
          participant,
          'POST',
          path,
          request.body,
        ),
        status: 201,
      });
      if (!result.ok) throw problemOf(result.error);
      return sendWrite(reply, result.outcome);
    },
  );
}
