import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CountryCode,
  CountryMemberships,
  MEMBERSHIP_REGISTRY,
  MembershipOverlap,
  ReadQuery,
  findParticipant,
  overlapOf,
  type Memberships,
} from '@rcpx/contracts';
import { loadMemberships } from '@rcpx/db';
import { problem } from '@rcpx/service-kit';
import { SlugParams, notFoundResponse, problems } from './schemas.ts';

/** The registry note of a process's own data (null when the registry has none). */
export function registryNoteOf(slug: string) {
  const r = MEMBERSHIP_REGISTRY.find((m) => m.participant === slug);
  return r ? { asOf: r.asOf, source: { ...r.source }, note: r.note } : null;
}

/** `members`, `observers` and `registry` of a participant's detail. */
export function membershipsOf(memberships: Memberships, slug: string) {
  return { ...memberships.of(slug), registry: registryNoteOf(slug) };
}

const CountryParams = z.object({
  cc: CountryCode.meta({ description: 'ISO 3166-1 alpha-2 (upper case)', examples: ['TH'] }),
});

/**
 * `GET /v1/countries/{cc}` (the processes a state is a member or observer of) and
 * `GET /v1/participants/{slug}/overlap` (every other process and the states they share). Both
 * read the registry with the admin's changes over it (`<rm>.memberships`). Public data.
 */
export function registerMemberships(app: FastifyInstance, schema: string): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/v1/countries/:cc',
    {
      schema: {
        tags: ['memberships'],
        summary: 'The processes a state belongs to',
        description:
          'Every process the state is a member or observer of, with the date and source of the ' +
          'data. A code no process has answers an empty list.',
        params: CountryParams,
        querystring: ReadQuery,
        response: { 200: CountryMemberships, ...problems },
      },
    },
    async (request) => {
      const memberships = await loadMemberships(app.db, schema);
      const { cc } = request.params;
      return {
        country: cc,
        processes: memberships.processesOf(cc).map(({ country: _c, ...rest }) => rest),
      };
    },
  );

  r.get(
    '/v1/participants/:slug/overlap',
    {
      schema: {
        tags: ['memberships'],
        summary: 'The states a process shares with every other process',
        description:
          'Every other process (RCP) with `shared`: the states that are members or observers of ' +
          'both, with their role in each; most shared first.',
        params: SlugParams,
        querystring: ReadQuery,
        response: { 200: MembershipOverlap, 404: notFoundResponse, ...problems },
      },
    },
    async (request) => {
      const p = findParticipant(request.params.slug);
      if (!p) throw problem.notFound('No such participant.');
      return overlapOf(await loadMemberships(app.db, schema), p.slug);
    },
  );
}
