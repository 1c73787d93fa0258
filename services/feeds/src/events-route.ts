import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { EventsQuery, Problem, filterParams, filtersOf } from '@rcpx/contracts';
import type { Filters, Reader } from '@rcpx/contracts';
import { eventMatches, readModels, readModelsCheckpoint, visibleTo, withMemberOf } from '@rcpx/db';
import type { Database } from '@rcpx/db';
import type { Kysely } from 'kysely';
import { waitForSeq } from '@rcpx/service-kit';

export const EVENTS_BATCH_TYPE = 'application/cloudevents-batch+json; charset=utf-8';

/** One page of the log that `reader` may see, seq > after, ascending; and the next cursor. */
export async function eventsPage(
  db: Kysely<Database>,
  schema: string,
  reader: Reader,
  q: Pick<EventsQuery, 'after' | 'limit'> & Filters,
): Promise<{ events: Record<string, unknown>[]; next: number; checkpoint: number }> {
  // Read first: every event up to it is visible to the query below (batches commit in order).
  const checkpoint = await readModelsCheckpoint(db, schema);
  const filters = await withMemberOf(db, schema, q);
  const query = readModels(db, schema)
    .selectFrom('events as e')
    .select(['e.seq', 'e.envelope'])
    .where('e.seq', '>', q.after)
    .where(visibleTo(reader, 'e'))
    .where(eventMatches(filters, 'e'));
  const rows = await query.orderBy('e.seq').limit(q.limit).execute();
  const events = rows.map((r) => ({
    ...(r.envelope as Record<string, unknown>),
    rcpxseq: Number(r.seq),
  }));
  const last = rows.length > 0 ? Number(rows[rows.length - 1]!.seq) : q.after;
  // A short page saw everything up to the checkpoint: the next poll may start there.
  const next = rows.length < q.limit ? Math.max(last, checkpoint, q.after) : last;
  return { events, next, checkpoint };
}

function nextLink(path: string, q: EventsQuery, next: number): string {
  const p = new URLSearchParams([
    ['after', String(next)],
    ['limit', String(q.limit)],
    ...filterParams(filtersOf(q)),
  ]);
  return `<${path}?${p.toString()}>; rel="next"`;
}

/**
 * `GET /v1/events`: the raw log as `application/cloudevents-batch+json`, visibility applied,
 * the list filters (`themes`, `participants`, `types`, `countries` and their singular aliases),
 * always with a `Link: <…>; rel="next"` to poll from (the filters kept).
 */
export function registerEvents(fastify: FastifyInstance, schema: string, minSeqTimeoutMs: number) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/v1/events',
    {
      schema: {
        tags: ['events'],
        summary: 'The event log (CloudEvents batch), oldest first from `after`',
        description:
          'Pages from `after=0` with the `Link: rel="next"` header see every event the reader may ' +
          'see exactly once, in seq order. An empty page still links to where to poll next. ' +
          'Filters are comma-separated lists (OR within a list, AND across lists; `theme`, ' +
          '`participant`, `type`, `country` are aliases of one value); `countries` matches the ' +
          "countries of the event's data; `memberState` the events of every process those " +
          'states are members of. An unknown parameter is a 400.',
        querystring: EventsQuery,
        response: { 400: Problem, 401: Problem, 503: Problem },
      },
    },
    async (request, reply) => {
      const q = request.query;
      if (q.minSeq !== undefined && q.minSeq > 0) {
        await waitForSeq(app.db, schema, q.minSeq, minSeqTimeoutMs);
      }
      const page = await eventsPage(app.db, schema, request.reader, {
        after: q.after,
        limit: q.limit,
        ...filtersOf(q),
      });
      const path = request.url.split('?')[0] ?? '/v1/events';
      reply
        .header('link', nextLink(path, q, page.next))
        .header('rcpx-seq', String(page.checkpoint))
        .header('cache-control', 'no-store')
        .type(EVENTS_BATCH_TYPE);
      return reply.send(JSON.stringify(page.events) as never);
    },
  );
}
