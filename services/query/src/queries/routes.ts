import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Negotiator from 'negotiator';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  LANGUAGES,
  QueryCompilation,
  QueryDetail,
  QueryList,
  QueryListQuery,
  QueryParams,
  QueryReadQuery,
  QueryReply,
  ReplyParams,
  systemClock,
  utcDate,
  type Clock,
  type Language,
  type QueryReply as QueryReplyT,
} from '@rcpx/contracts';
import { appendVary, problem } from '@rcpx/service-kit';
import { notFoundResponse, problems } from '../schemas.ts';
import { compile } from './compilation.ts';
import { PAGE_CSP } from '../page-shell.ts';
import { renderCompilationPage } from './compilation-page.ts';
import { listQueries } from './list.ts';
import { selectQueries, toSummary, visibleReplies, type QueryJsonRow } from './rows.ts';

const notFound = () => problem.notFound('No such query.');

function wantsPage(request: FastifyRequest): boolean {
  return new Negotiator(request.raw).mediaType(['application/json', 'text/html']) === 'text/html';
}

function languageOf(request: FastifyRequest, lang: Language | undefined): Language {
  return lang ?? ((new Negotiator(request.raw).language([...LANGUAGES]) as Language) || 'en');
}

/**
 * "Ask the network", the reads: `GET /v1/queries` (filters, `awaiting`, `q`, keyset pages),
 * `GET /v1/queries/{id}` (with the replies the caller may read), one reply, and the compilation
 * (JSON, or a printable page with `Accept: text/html`). A reply is read by its author, the
 * query's launcher and whoever its visibility names: the one rule, on its stored effective
 * visibility. A query or reply the caller may not read is a 404, and is in no count.
 */
export function registerQueries(app: FastifyInstance, schema: string, clock: Clock = systemClock) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  async function findQuery(request: FastifyRequest, id: string): Promise<QueryJsonRow> {
    const row = (await selectQueries(app.db, schema, request.reader)
      .where('q.id', '=', id)
      .executeTakeFirst()) as QueryJsonRow | undefined;
    if (!row) throw notFound();
    return row;
  }

  const compilationOf = (row: QueryJsonRow, replies: QueryReplyT[], lang: Language) =>
    compile(
      { ...row, questions: row.questions as { ref: string; text: unknown }[], replies },
      lang,
    );

  /** The printable compilation page (also the readable page of the query itself). */
  function sendPage(
    request: FastifyRequest,
    reply: FastifyReply,
    row: QueryJsonRow,
    replies: QueryReplyT[],
  ) {
    const lang = languageOf(request, (request.query as { lang?: Language }).lang);
    return reply
      .header('content-security-policy', PAGE_CSP)
      .header('content-language', lang)
      .header('cache-control', 'private, no-cache')
      .type('text/html; charset=utf-8')
      .send(
        renderCompilationPage(
          compilationOf(row, replies, lang),
          `/v1/queries/${row.id}/compilation`,
        ),
      );
  }

  r.get(
    '/v1/queries',
    {
      schema: {
        tags: ['queries'],
        summary: 'Queries ("ask the network")',
        description:
          'The queries the caller may read, newest first: `status`, `theme`, `participant` ' +
          '(the launcher), `q` (full text over the query and the replies the caller may read). ' +
          '`awaiting=<slug>`: what that participant still owes (open, asked, not replied, ' +
          'deadline not past), soonest deadline first, with `daysLeft` — for the participant ' +
          'itself or the admin (403 otherwise). `replyCount` counts the replies the caller may read.',
        querystring: QueryListQuery,
        response: {
          200: QueryList,
          403: notFoundResponse.describe('awaiting of another participant'),
          ...problems,
        },
      },
    },
    async (request) => listQueries(app.db, schema, request.reader, request.query, clock),
  );

  r.get(
    '/v1/queries/:id',
    {
      schema: {
        tags: ['queries'],
        summary: 'A query with its replies',
        description:
          'The query, its questions and the replies the caller may read (`replyCount` counts ' +
          'them); `ETag: "<version>"` (the events on the query so far). A request that ' +
          'prefers `text/html` gets the printable compilation page.',
        params: QueryParams,
        querystring: QueryReadQuery,
        response: { 200: QueryDetail, 404: notFoundResponse, ...problems },
      },
      config: { page: true },
    },
    async (request, reply) => {
      appendVary(reply, 'Accept', 'Accept-Language');
      const row = await findQuery(request, request.params.id);
      const replies = await visibleReplies(app.db, schema, request.reader, row.id);
      if (wantsPage(request)) return sendPage(request, reply, row, replies);
      reply.header('etag', `"${row.version}"`);
      return {
        ...toSummary(row, utcDate(clock.now())),
        questions: row.questions as QueryDetail['questions'],
        replies,
      };
    },
  );

  r.get(
    '/v1/queries/:id/replies/:reply',
    {
      schema: {
        tags: ['queries'],
        summary: "A participant's reply to a query",
        description:
          '`{reply}`: the reply\'s id or its author\'s slug. With `ETag: "<version>"` of the ' +
          'reply, for `If-Match` when revising it.',
        params: ReplyParams,
        querystring: QueryReadQuery,
        response: { 200: QueryReply, 404: notFoundResponse, ...problems },
      },
    },
    async (request, reply) => {
      const row = await findQuery(request, request.params.id);
      const [found] = await visibleReplies(
        app.db,
        schema,
        request.reader,
        row.id,
        request.params.reply,
      );
      if (!found) throw problem.notFound('No such reply.');
      reply.header('etag', `"${found.version}"`);
      return found;
    },
  );

  r.get(
    '/v1/queries/:id/compilation',
    {
      schema: {
        tags: ['queries'],
        summary: 'The compilation of the replies',
        description:
          'The replies the caller may read, question by question, in `lang` (else ' +
          'Accept-Language, else English); each text falls back to the first language present ' +
          '(en, fr, es) and says which it is in. `Accept: text/html` → a printable page.',
        params: QueryParams,
        querystring: QueryReadQuery,
        response: { 200: QueryCompilation, 404: notFoundResponse, ...problems },
      },
      config: { page: true },
    },
    async (request, reply) => {
      appendVary(reply, 'Accept', 'Accept-Language');
      const row = await findQuery(request, request.params.id);
      const replies = await visibleReplies(app.db, schema, request.reader, row.id);
      if (wantsPage(request)) return sendPage(request, reply, row, replies);
      return compilationOf(row, replies, languageOf(request, request.query.lang));
    },
  );
}
