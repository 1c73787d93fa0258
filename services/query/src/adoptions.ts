import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  Adoption,
  AdoptionHistory,
  Flows,
  FlowsQuery,
  IdParams,
  Lineage,
  ReadQuery,
} from '@rcpx/contracts';
import { problem } from '@rcpx/service-kit';
import { adoptionHistory, latestAdoptions, lineageOf, flows } from './adoptions-read.ts';
import { findVisibleItem } from './item-detail.ts';
import { notFoundResponse, problems } from './schemas.ts';

const notFound = () => problem.notFound('No such practice.');

/**
 * `GET /v1/practices/{id}/adoptions` (every record), `…/adoptions/{adoptionId}` (an adopter's
 * latest), `GET /v1/practices/{id}/lineage` and `GET /v1/stats/flows`. The practice must be
 * visible (else 404, as the practice itself); each adoption is served under its own visibility
 * and the practice's current one.
 */
export function registerAdoptions(app: FastifyInstance, schema: string): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const practiceOf = async (reader: Parameters<typeof findVisibleItem>[2], id: string) => {
    const row = await findVisibleItem(app.db, schema, reader, 'practice', id);
    if (!row) throw notFound();
    return row;
  };

  r.get(
    '/v1/practices/:id/adoptions',
    {
      schema: {
        tags: ['read'],
        summary: 'Adoption records of a practice',
        description:
          'Every adoption record of the practice the caller may see, oldest first (an ' +
          'adopter’s later records supersede its earlier ones: the practice’s `adoptions` ' +
          'holds each adopter’s latest). 404 as for the practice.',
        params: IdParams,
        querystring: ReadQuery,
        response: { 200: AdoptionHistory, 404: notFoundResponse, ...problems },
      },
    },
    async (request) => {
      const row = await practiceOf(request.reader, request.params.id);
      const items = await adoptionHistory(app.db, schema, request.reader, row.id);
      return { practice: row.id, items };
    },
  );

  r.get(
    '/v1/practices/:id/adoptions/:adoptionId',
    {
      schema: {
        tags: ['read'],
        summary: 'An adopter’s latest adoption record',
        description: 'The adoption’s latest record (where `Location` of a record points).',
        params: IdParams.extend({ adoptionId: z.uuid() }),
        querystring: ReadQuery,
        response: { 200: Adoption, 404: notFoundResponse, ...problems },
      },
    },
    async (request) => {
      const row = await practiceOf(request.reader, request.params.id);
      const [adoption] = await latestAdoptions(
        app.db,
        schema,
        request.reader,
        row.id,
        request.params.adoptionId,
      );
      if (!adoption) throw problem.notFound('No such adoption.');
      return adoption;
    },
  );

  r.get(
    '/v1/practices/:id/lineage',
    {
      schema: {
        tags: ['read'],
        summary: 'Lineage of a practice across processes',
        description:
          '`ancestors`: the practices this one was adopted or adapted from (an adoption whose ' +
          '`localPractice` is this one, and so on); `descendants`: the local practices of its ' +
          'adopters, and so on. Each practice once, at its least depth (1–10), no cycles; ' +
          'only through adoptions and practices the caller may see. 404 as for the practice.',
        params: IdParams,
        querystring: ReadQuery,
        response: { 200: Lineage, 404: notFoundResponse, ...problems },
      },
    },
    async (request) => {
      const row = await practiceOf(request.reader, request.params.id);
      return lineageOf(app.db, schema, request.reader, row.id);
    },
  );

  r.get(
    '/v1/stats/flows',
    {
      schema: {
        tags: ['read'],
        summary: 'Who learns from whom',
        description:
          '`[{from, to, stage, n}]`: `to` (an adopter) is at `stage` with `n` practices of ' +
          '`from` (their publisher) — each adopter’s latest stage per practice. Only ' +
          'adoptions and practices the caller may see; `theme` filters on the practice’s ' +
          'themes, `since` on the time of the adopter’s latest record. Largest first.',
        querystring: FlowsQuery,
        response: { 200: Flows, ...problems },
      },
    },
    async (request) => flows(app.db, schema, request.reader, request.query),
  );
}
