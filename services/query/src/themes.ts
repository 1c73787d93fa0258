import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ReadQuery, THEMES, findTheme } from '@rcpx/contracts';
import { problem } from '@rcpx/service-kit';
import { countsFor } from './counts.ts';
import { crossCountsFor, noCrossCounts } from './cross-counts.ts';
import { SlugParams, ThemeEntry, ThemeList, notFoundResponse, problems } from './schemas.ts';

/** `GET /v1/themes` (the whole taxonomy, in order) and `GET /v1/themes/{slug}`, with counts. */
export function registerThemes(app: FastifyInstance, schema: string): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/v1/themes',
    {
      schema: {
        tags: ['read'],
        summary: 'The theme taxonomy',
        description:
          'Every theme with its labels in English, French and Spanish and `count`: the active ' +
          'items (all kinds) the caller may see, and `crossCounts`: the adoptions, follow-ups, ' +
          'queries and replies on it the caller may see.',
        querystring: ReadQuery,
        response: { 200: ThemeList, ...problems },
      },
    },
    async (request) => {
      const [counts, cross] = await Promise.all([
        countsFor(app.db, schema, request.reader, 'theme'),
        crossCountsFor(app.db, schema, request.reader, { minSeq: request.query.minSeq }),
      ]);
      return {
        items: THEMES.map((t) => ({
          slug: t.slug,
          labels: t.labels,
          count: counts.get(t.slug) ?? 0,
          crossCounts: cross.theme.get(t.slug) ?? noCrossCounts(),
        })),
      };
    },
  );

  r.get(
    '/v1/themes/:slug',
    {
      schema: {
        tags: ['read'],
        summary: 'One theme',
        params: SlugParams,
        querystring: ReadQuery,
        response: { 200: ThemeEntry, 404: notFoundResponse, ...problems },
      },
    },
    async (request) => {
      const theme = findTheme(request.params.slug);
      if (!theme) throw problem.notFound('No such theme.');
      const [counts, cross] = await Promise.all([
        countsFor(app.db, schema, request.reader, 'theme', theme.slug),
        crossCountsFor(app.db, schema, request.reader, { minSeq: request.query.minSeq }),
      ]);
      return {
        slug: theme.slug,
        labels: theme.labels,
        count: counts.get(theme.slug) ?? 0,
        crossCounts: cross.theme.get(theme.slug) ?? noCrossCounts(),
      };
    },
  );
}
