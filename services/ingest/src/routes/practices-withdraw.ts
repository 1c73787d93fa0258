import { EVENT_TYPES, IdParams, WithdrawBody } from '@rcpx/contracts';
import type { PracticeWithdrawnData } from '@rcpx/contracts';
import { requirePublisher } from '@rcpx/service-kit';
import type { App } from '@rcpx/service-kit';
import { checkPreconditions, loadForWrite } from '../aggregate.ts';
import { publisherOnly } from '../create-item.ts';
import { buildEvent } from '../events.ts';
import { Written, problemResponses, WithdrawHeaders, WRITE_PROBLEMS } from '../http-schemas.ts';
import { idempotencyOf } from '../idempotency.ts';
import { parseIfMatch } from '../if-match.ts';
import { sendWrite } from '../reply.ts';
import { appendWrite } from '../write-path.ts';

/**
 * `DELETE /v1/practices/{id}` → `org.rcpx.practice.withdrawn`, copying title, themes and
 * visibility from the last state so the event is routable on its own.
 */
export async function practicesWithdrawRoute(app: App): Promise<void> {
  app.delete(
    '/v1/practices/:id',
    {
      onRequest: publisherOnly,
      schema: {
        tags: ['practices'],
        summary: 'Withdraw a practice',
        description:
          'Appends `org.rcpx.practice.withdrawn` with an optional `reason`. `If-Match` is ' +
          'optional; when sent it must match the current version (412). Only the publishing ' +
          'participant may withdraw; withdrawing twice → 409.',
        security: [{ bearerAuth: [] }],
        headers: WithdrawHeaders,
        params: IdParams,
        body: WithdrawBody.nullish(),
        response: {
          200: Written,
          ...problemResponses(...WRITE_PROBLEMS, 404, 409, 412),
        },
      },
    },
    async (request, reply) => {
      const participant = requirePublisher(request);
      const { id } = request.params;
      const body = request.body ?? {};
      const header = request.headers['if-match'];
      const ifMatch = header === undefined ? undefined : parseIfMatch(header);
      const idem = idempotencyOf(
        request.headers['idempotency-key'],
        participant,
        'DELETE',
        `/v1/practices/${id}`,
        body,
      );
      const bus = request.server.bus;
      const current = await loadForWrite(bus, request.reader, participant, 'practice', id);
      const replay = await checkPreconditions(bus, current, ifMatch, idem);
      if (replay) return sendWrite(reply, replay);
      const last = current.data as Partial<PracticeWithdrawnData>;
      const data: PracticeWithdrawnData = {
        title: last.title!,
        themes: last.themes!,
        visibility: last.visibility!,
        ...(body.reason !== undefined ? { reason: body.reason } : {}),
      };
      const outcome = await appendWrite(bus, {
        kind: 'practice',
        id,
        event: buildEvent({
          participant,
          type: EVENT_TYPES.practiceWithdrawn,
          kind: 'practice',
          id,
          version: current.version + 1,
          data,
        }),
        status: 200,
        expectedLastSubjectSeq: current.last.seq,
        idempotency: idem,
      });
      return sendWrite(reply, outcome);
    },
  );
}
