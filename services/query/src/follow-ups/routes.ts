import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  AccessToken,
  findParticipant,
  FollowUpHistory,
  FollowUpParams,
  FollowUpsQuery,
  FollowUpSummary,
  PARTICIPANTS,
  OutcomeParams,
  ParticipantFollowUp,
  ReadQuery,
  strictQuery,
  todayUtc,
  TrackedOutcomePage,
} from '@rcpx/contracts';
import { problem } from '@rcpx/service-kit';
import { notFoundResponse, problems, SlugParams } from '../schemas.ts';
import { followUpSummaries, listTracked, outcomeHistory, participantSummary } from './queries.ts';

const Read = strictQuery(ReadQuery.extend(AccessToken));
const SLUGS = PARTICIPANTS.map((p) => p.slug);

const OVERDUE =
  'An outcome is `overdue` when its `dueOn` is before today — the server’s date in UTC; due ' +
  'today is not overdue yet — and no reporter’s latest status is `implemented` or `dropped`.';

/**
 * The follow-up reads: `GET /v1/follow-ups` (the tracker), an outcome's history, one follow-up,
 * and `GET /v1/participants/{slug}/follow-up` (a participant's summary).
 */
export function registerFollowUps(app: FastifyInstance, schema: string): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/v1/follow-ups',
    {
      schema: {
        tags: ['follow-ups'],
        summary: 'The follow-up tracker',
        description:
          'One row per tracked outcome of the active meetings the caller may see (every ' +
          '`recommendation`, and any outcome with `addressees`, a `dueOn` or a report), newest ' +
          'change first, with the latest report of each reporter (`latest`), the status of the ' +
          'most recent report (`status`, null when none) and the link to its history. ' +
          `${OVERDUE} Outcomes a revision removed, and those of a withdrawn meeting, are not ` +
          'listed. Filters: `participant` (the meeting’s publisher), `addressee`, `theme`, ' +
          '`status` (`none`: no report yet), `overdue=true|false`; page with `nextCursor`.',
        querystring: FollowUpsQuery,
        response: { 200: TrackedOutcomePage, ...problems },
      },
    },
    async (request) => listTracked(app.db, schema, request.reader, request.query, todayUtc()),
  );

  r.get(
    '/v1/follow-ups/summary',
    {
      schema: {
        tags: ['follow-ups'],
        summary: 'What every participant owes in follow-up',
        description:
          'One line per participant responsible for some tracked outcome the caller may see ' +
          '(as `GET /v1/participants/{slug}/follow-up`, in one read): `counts` by its own ' +
          'latest status, `overdueCount`, `shareImplemented`; participants that owe nothing ' +
          `are left out. In the order of \`GET /v1/participants\`. ${OVERDUE}`,
        querystring: Read,
        response: { 200: FollowUpSummary, ...problems },
      },
    },
    async (request) => ({
      items: await followUpSummaries(app.db, schema, request.reader, todayUtc(), SLUGS),
    }),
  );

  r.get(
    '/v1/meetings/:id/outcomes/:ref/follow-ups',
    {
      schema: {
        tags: ['follow-ups'],
        summary: 'The follow-up history of an outcome',
        description:
          'The outcome (as in the tracker) and every report on it, oldest first. An outcome a ' +
          'revision removed keeps its history (`removed: true`); a withdrawn meeting’s is gone ' +
          'with it (404), as is one the caller may not see.',
        params: OutcomeParams,
        querystring: Read,
        response: { 200: FollowUpHistory, 404: notFoundResponse, ...problems },
      },
    },
    async (request) => {
      const { id, ref } = request.params;
      const found = await outcomeHistory(
        app.db,
        schema,
        request.reader,
        { meetingId: id, ref },
        todayUtc(),
      );
      if (!found) throw problem.notFound(`No outcome "${ref}" in meeting ${id}.`);
      return found;
    },
  );

  r.get(
    '/v1/meetings/:id/follow-ups/:followUpId',
    {
      schema: {
        tags: ['follow-ups'],
        summary: 'One follow-up: a reporter’s reports on an outcome',
        description:
          'Where a report’s `Location` points: the outcome and the reports of one reporter ' +
          '(followUpId = uuidv5(meetingId/ref/reporter)), oldest first; 404 as for the history.',
        params: FollowUpParams,
        querystring: Read,
        response: { 200: FollowUpHistory, 404: notFoundResponse, ...problems },
      },
    },
    async (request) => {
      const { id, followUpId } = request.params;
      const found = await outcomeHistory(
        app.db,
        schema,
        request.reader,
        { meetingId: id, followUpId },
        todayUtc(),
      );
      if (!found) throw problem.notFound(`No follow-up ${followUpId} of meeting ${id}.`);
      return found;
    },
  );

  r.get(
    '/v1/participants/:slug/follow-up',
    {
      schema: {
        tags: ['follow-ups'],
        summary: 'What a participant owes in follow-up',
        description:
          'The tracked outcomes the participant is responsible for — those addressed to it, and ' +
          'those of its own meetings that name no addressee — among those the caller may see: ' +
          '`counts` by the participant’s own latest status (`none` when it reported nothing), ' +
          `the overdue ones, and \`shareImplemented\` = implemented / total. ${OVERDUE}`,
        params: SlugParams,
        querystring: Read,
        response: { 200: ParticipantFollowUp, 404: notFoundResponse, ...problems },
      },
    },
    async (request) => {
      const p = findParticipant(request.params.slug);
      if (!p) throw problem.notFound('No such participant.');
      return participantSummary(app.db, schema, request.reader, p.slug, todayUtc());
    },
  );
}
