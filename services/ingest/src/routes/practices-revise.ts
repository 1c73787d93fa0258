import { EVENT_TYPES, IdParams, PracticePatchBody } from '@rcpx/contracts';
import { problem, requirePublisher } from '@rcpx/service-kit';
import type { App } from '@rcpx/service-kit';
import { checkPreconditions, loadForWrite } from '../aggregate.ts';
import { publisherOnly } from '../create-item.ts';
import { buildEvent } from '../events.ts';
import { Written, problemResponses, ReviseHeaders, WRITE_PROBLEMS } from '../http-schemas.ts';
import { idempotencyOf } from '../idempotency.ts';
import { parseIfMatch } from '../if-match.ts';
import { sendWrite } from '../reply.ts';
import { revisePractice } from '../revision.ts';
import { appendWrite } from '../write-path.ts';

/**
 * `PATCH /v1/practices/{id}` → `org.rcpx.practice.revised` carrying the full new state and
 * `changed`. A patch that changes nothing is still appended (`changed: []`): every accepted write
 * is an event, which keeps idempotent retries exact.
 */
export async function practicesReviseRoute(app: App): Promise<void> {
  app.patch(
    '/v1/practices/:id',
    {
      onRequest: publisherOnly,
      schema: {
        tags: ['practices'],
        summary: 'Revise a practice',
        description:
          'Replaces the given top-level fields. Requires `If-Match: "<version>"` (428 without, ' +
          '412 when stale). Only the publishing participant may revise. Appends ' +
          '`org.rcpx.practice.revised` with the full new state and `changed` (the fields whose ' +
          'value changed; a patch that changes nothing is still recorded, with `changed: []`).',
        security: [{ bearerAuth: [] }],
        headers: ReviseHeaders,
        params: IdParams,
        body: PracticePatchBody,
        response: {
          200: Written,
          ...problemResponses(...WRITE_PROBLEMS, 404, 409, 412, 428),
        },
      },
    },
    async (request, reply) => {
      const participant = requirePublisher(request);
      const { id } = request.params;
      const header = request.headers['if-match'];
      if (header === undefined) {
        throw problem.preconditionRequired(
          'Send If-Match: "<version>" of the practice you revise.',
        );
      }
      const ifMatch = parseIfMatch(header);
      const idem = idempotencyOf(
        request.headers['idempotency-key'],
        participant,
        'PATCH',
        `/v1/practices/${id}`,
        request.body,
      );
      const bus = request.server.bus;
      const current = await loadForWrite(bus, request.reader, participant, 'practice', id);
      const replay = await checkPreconditions(bus, current, ifMatch, idem);
      if (replay) return sendWrite(reply, replay);
      const { data, changed } = revisePractice(current.data, request.body);
      const outcome = await appendWrite(bus, {
        kind: 'practice',
        id,
        event: buildEvent({
          participant,
          type: EVENT_TYPES.practiceRevised,
          kind: 'practice',
          id,
          version: current.version + 1,
          data: { ...data, changed },
        }),
        status: 200,
        expectedLastSubjectSeq: current.last.seq,
        idempotency: idem,
      });
      return sendWrite(reply, outcome);
    },
  );
}
