import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isBusUnavailable } from '@rcpx/bus';
import { ProblemError, isProblemError, problem } from './problem.ts';
import type { ProblemFieldError } from './problem.ts';

/** Where a validation error was found, as the first segment of an `errors[].path`. */
const CONTEXTS: Record<string, string> = {
  body: 'body',
  querystring: 'query',
  params: 'params',
  headers: 'headers',
};

/** Reason phrases that RFC 9110 renamed (Node still uses the old ones). */
const RFC9110_TITLES: Record<number, string> = {
  413: 'Content Too Large',
  422: 'Unprocessable Content',
};

/** libpq/pg connection-level failures: the database is down or restarting, not the request bad. */
const PG_DOWN_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
]);
const PG_DOWN_MESSAGES = [
  /^Connection terminated/,
  /timeout exceeded when trying to connect/,
  /Client has encountered a connection error/,
  /Cannot use a pool after calling end/,
  /Connection refused/i,
];

/**
 * True when `err` (or its `cause`) means a dependency is down: NATS unreachable or not answering
 * (`isBusUnavailable` of @rcpx/bus, or any error named `BusUnavailableError`), or a PostgreSQL connection failure (network errors, SQLSTATE class 08, 57P0x, 53300).
 */
export function isDependencyUnavailable(err: unknown, depth = 0): boolean {
  if (depth > 4 || err === null || typeof err !== 'object') return false;
  if (depth === 0 && isBusUnavailable(err)) return true;
  const e = err as { name?: unknown; code?: unknown; message?: unknown; cause?: unknown };
  if (e.name === 'BusUnavailableError') return true;
  if (typeof e.code === 'string' && (PG_DOWN_CODES.has(e.code) || /^08[0-9A-Z]{3}$/.test(e.code)))
    return true;
  if (typeof e.message === 'string' && PG_DOWN_MESSAGES.some((re) => re.test(e.message as string)))
    return true;
  if (
    err instanceof AggregateError &&
    err.errors.some((x) => isDependencyUnavailable(x, depth + 1))
  )
    return true;
  return isDependencyUnavailable(e.cause, depth + 1);
}

function validationProblem(err: FastifyError): ProblemError {
  const where = CONTEXTS[err.validationContext ?? 'body'] ?? err.validationContext ?? 'body';
  const errors: ProblemFieldError[] = [];
  if (hasZodFastifySchemaValidationErrors(err)) {
    for (const v of err.validation) {
      const rest = v.instancePath.split('/').filter((s) => s !== '');
      errors.push({ path: [where, ...rest].join('.'), message: v.message ?? 'is invalid' });
    }
  } else {
    for (const v of err.validation ?? []) {
      const rest = (v.instancePath ?? '').split('/').filter((s) => s !== '');
      errors.push({ path: [where, ...rest].join('.'), message: v.message ?? 'is invalid' });
    }
  }
  const detail =
    errors.length === 1
      ? `${errors[0]!.path}: ${errors[0]!.message}`
      : `${errors.length} validation errors in the request ${where}.`;
  return problem.badRequest(detail, errors);
}

/** Maps any error thrown while serving a request to the problem to answer with. */
export function toProblemError(err: unknown): ProblemError {
  if (isProblemError(err)) return err;
  if (isDependencyUnavailable(err)) {
    return problem.unavailable(2, 'A dependency is temporarily unavailable; retry shortly.');
  }
  const fe = err as Partial<FastifyError> | undefined;
  if (fe && Array.isArray(fe.validation)) return validationProblem(fe as FastifyError);
  const status = typeof fe?.statusCode === 'number' ? fe.statusCode : 500;
  if (status >= 400 && status < 500) {
    const title = RFC9110_TITLES[status] ?? STATUS_CODES[status] ?? 'Client Error';
    const detail = typeof fe?.message === 'string' && fe.message !== '' ? fe.message : undefined;
    if (
      fe?.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
      fe?.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
    ) {
      return problem.badRequest(detail ?? 'The request body is not valid JSON.');
    }
    return new ProblemError(status, title, detail);
  }
  if (status === 503) return problem.unavailable(2, 'A dependency is temporarily unavailable.');
  return problem.internal();
}

/** The request URL without its query string (the problem's `instance`). */
export function instanceOf(request: FastifyRequest): string {
  const q = request.url.indexOf('?');
  return q === -1 ? request.url : request.url.slice(0, q);
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The route is a page people open in a browser: a problem is answered as a small HTML page
     * when the request accepts text/html (problem+json otherwise).
     */
    page?: boolean;
  }
}

/** Text made safe for HTML content and attribute values. */
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** `p` as a page: status, title and detail; nothing inline, nothing from elsewhere. */
function problemPage(p: ProblemError): string {
  const { status, title, detail } = p.toProblem('');
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${status} ${escapeHtml(title)} · rcpx</title></head>`,
    `<body><h1>${status} ${escapeHtml(title)}</h1>`,
    detail ? `<p>${escapeHtml(detail)}</p>` : '',
    '</body></html>',
    '',
  ].join('\n');
}

/**
 * Sends `p` as `application/problem+json` (with its headers); on a `page` route to a request that
 * accepts text/html, as an HTML page with the same status and headers.
 */
export function sendProblem(reply: FastifyReply, p: ProblemError): FastifyReply {
  for (const [k, v] of Object.entries(p.headers)) reply.header(k, v);
  reply.code(p.status);
  const request = reply.request;
  if (request.routeOptions.config?.page && /\btext\/html\b/.test(request.headers.accept ?? '')) {
    return reply
      .header('content-security-policy', "default-src 'none'; frame-ancestors 'none'")
      .type('text/html; charset=utf-8')
      .send(problemPage(p));
  }
  // a URL too long to route is not echoed back
  const instance = instanceOf(request);
  const echo = p.status !== 414 && instance.length <= 2048;
  return reply
    .type('application/problem+json; charset=utf-8')
    .send(p.toProblem(echo ? instance : undefined));
}

/** 415 naming the one media type the API takes (and the one the client sent). */
function mediaTypeProblem(request: FastifyRequest): ProblemError {
  const got = request.headers['content-type'];
  const sent = got ? `got ${JSON.stringify(got.slice(0, 100))}` : 'none was given';
  return problem.unsupportedMediaType(
    `Send the body as JSON with Content-Type: application/json (${sent}).`,
  );
}

/** The Fastify error handler installed by `createApp`. */
export function problemErrorHandler(
  err: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply | undefined {
  const p =
    err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? mediaTypeProblem(request) : toProblemError(err);
  if (p.status >= 500) {
    if (p.status === 503) request.log.warn({ err }, 'dependency unavailable');
    else request.log.error({ err }, 'request failed');
  } else if (!isProblemError(err)) {
    request.log.info({ err: { message: err.message, code: err.code } }, 'bad request');
  }
  if (reply.sent || reply.raw.headersSent) return undefined;
  return sendProblem(reply, p);
}

/** The not-found handler installed by `createApp`. */
export function notFoundHandler(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendProblem(
    reply,
    problem.notFound(`No route for ${request.method} ${instanceOf(request)}.`),
  );
}
