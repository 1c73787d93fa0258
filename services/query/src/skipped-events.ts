import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { Problem, SkippedEventList, SkippedEventsQuery } from '@rcpx/contracts';
import { readModels } from '@rcpx/db';
import { requireAdmin } from '@rcpx/service-kit';
import { problems } from './schemas.ts';

/**
 * `GET /v1/admin/skipped-events` (admin): the events of the log a projection of the read models
 * could not apply (invalid, or refused by Postgres), in seq order, with the reason; paged by seq.
 */
export function registerSkippedEvents(app: FastifyInstance, schema: string): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/v1/admin/skipped-events',
    {
      onRequest: async (request) => requireAdmin(request),
      schema: {
        tags: ['admin'],
        summary: 'Events the read models skipped',
        description:
          'Admin token only. Every event of the log that a projection (`items`, `events`, ' +
          '`search`) could not apply, and why, by seq; `after` pages. Each is also counted in ' +
          '`rcpx_projector_events_skipped_total` and logged by the projector.',
        security: [{ bearerAuth: [] }],
        querystring: SkippedEventsQuery,
        response: { 200: SkippedEventList, 403: Problem.describe('Not the admin'), ...problems },
      },
    },
    async (request) => {
      const { after, limit } = request.query;
      const rm = readModels(app.db, schema);
      const seqs = rm
        .selectFrom('skipped_events')
        .select('seq')
        .distinct()
        .where('seq', '>', after)
        .orderBy('seq')
        .limit(limit);
      const rows = await rm
        .selectFrom('skipped_events')
        .select(['seq', 'projection', 'reason', 'skipped_at'])
        .where('seq', 'in', seqs)
        .orderBy('seq')
        .orderBy('projection')
        .execute();
      const distinct = new Set(rows.map((row) => Number(row.seq)));
      return {
        items: rows.map((row) => ({
          seq: Number(row.seq),
          projection: row.projection,
          reason: row.reason,
          skippedAt: row.skipped_at.toISOString(),
        })),
        nextAfter: distinct.size === limit ? Number(rows[rows.length - 1]!.seq) : null,
      };
    },
  );
}
