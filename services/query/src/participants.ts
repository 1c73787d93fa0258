import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { PARTICIPANTS, ReadQuery, findParticipant } from '@rcpx/contracts';
import type { Participant } from '@rcpx/contracts';
import { problem } from '@rcpx/service-kit';
import { loadMemberships } from '@rcpx/db';
import { countsFor } from './counts.ts';
import { crossCountsFor, noCrossCounts, type CrossTally } from './cross-counts.ts';
import { membershipsOf } from './memberships.ts';
import {
  ParticipantDetail,
  ParticipantList,
  SlugParams,
  notFoundResponse,
  problems,
} from './schemas.ts';

const entry = (p: Participant, count: number, cross: CrossTally) => ({
  slug: p.slug,
  name: p.name,
  acronym: p.acronym,
  kind: p.kind,
  region: p.region,
  founded: p.founded,
  count,
  crossCounts: cross.participant.get(p.slug) ?? noCrossCounts(),
});

/** `GET /v1/participants` (the registry, in order) and `GET /v1/participants/{slug}`. */
export function registerParticipants(app: FastifyInstance, schema: string): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/v1/participants',
    {
      schema: {
        tags: ['read'],
        summary: 'The participant registry',
        description:
          'Every participant (RCP secretariats and observers) with `count`: the active items ' +
          'it published that the caller may see; and `crossCounts`: the adoptions it recorded, ' +
          'the follow-ups it reported, the queries it launched and the replies it wrote, that ' +
          'the caller may see (each under the visibility of its own read).',
        querystring: ReadQuery,
        response: { 200: ParticipantList, ...problems },
      },
    },
    async (request) => {
      const [counts, cross] = await Promise.all([
        countsFor(app.db, schema, request.reader, 'participant'),
        crossCountsFor(app.db, schema, request.reader, { minSeq: request.query.minSeq }),
      ]);
      return { items: PARTICIPANTS.map((p) => entry(p, counts.get(p.slug) ?? 0, cross)) };
    },
  );

  r.get(
    '/v1/participants/:slug',
    {
      schema: {
        tags: ['read'],
        summary: 'One participant',
        description:
          'The registry entry with `count` and `crossCounts`, and for a process its `members` and `observers` ' +
          '(ISO 3166-1 alpha-2, each with the date and source of the data: the registry’s, or ' +
          'the admin change that set it).',
        params: SlugParams,
        querystring: ReadQuery,
        response: { 200: ParticipantDetail, 404: notFoundResponse, ...problems },
      },
    },
    async (request) => {
      const p = findParticipant(request.params.slug);
      if (!p) throw problem.notFound('No such participant.');
      const [counts, cross, memberships] = await Promise.all([
        countsFor(app.db, schema, request.reader, 'participant', p.slug),
        crossCountsFor(app.db, schema, request.reader, { minSeq: request.query.minSeq }),
        loadMemberships(app.db, schema),
      ]);
      return {
        ...entry(p, counts.get(p.slug) ?? 0, cross),
        ...membershipsOf(memberships, p.slug),
      };
    },
  );
}
