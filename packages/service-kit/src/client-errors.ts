import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyBaseLogger, FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { sendProblem, toProblemError } from './error-handler.ts';
import { ProblemError, problem } from './problem.ts';

/** Longest path parameter the router accepts (a uuid is 36, a slug at most 41). */
export const MAX_PARAM_LENGTH = 100;

/**
 * Fastify's `frameworkErrors`: what the router refuses before any route runs (a path that is not
 * valid percent-encoded UTF-8, a path parameter longer than `MAX_PARAM_LENGTH`) as problem+json.
 * The detail never echoes the URL.
 */
export function frameworkErrorHandler(
  err: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return sendProblem(
      reply,
      new ProblemError(
        414,
        'URI Too Long',
        `A path segment is longer than ${MAX_PARAM_LENGTH} characters; ids are uuids and slugs at most 41.`,
      ),
    );
  }
  if (err.code === 'FST_ERR_BAD_URL') {
    return sendProblem(
      reply,
      problem.badRequest('The URL path is not valid percent-encoded UTF-8.'),
    );
  }
  return sendProblem(reply, toProblemError(err));
}

/** Node's HTTP parser's reasons, in words a client can act on. */
function clientErrorOf(err: NodeJS.ErrnoException): { status: number; detail: string } {
  switch (err.code) {
    case 'HPE_HEADER_OVERFLOW':
      return {
        status: 431,
        detail:
          'The request line and headers together exceed 16 KiB; send long filters in fewer bytes.',
      };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, detail: 'The request was not received in time.' };
    case 'HPE_INVALID_HEADER_TOKEN':
      return {
        status: 400,
        detail:
          'A header name or value holds a character HTTP does not allow (e.g. NUL or a control character).',
      };
    case 'HPE_INVALID_URL':
      return {
        status: 400,
        detail:
          'The URL holds a character HTTP does not allow (e.g. NUL or a space): percent-encode it.',
      };
    default:
      return { status: 400, detail: 'The request is not valid HTTP/1.1.' };
  }
}

/**
 * Fastify's `clientErrorHandler` for `log`: what Node's HTTP server refuses before Fastify sees a
 * request (headers over 16 KiB → 431, malformed HTTP → 400, timeout → 408) is answered as
 * RFC 9457 problem+json too, then the connection is closed. Logged at debug level with its code
 * only (the raw bytes may hold a bearer token).
 */
export function clientErrorHandler(log: FastifyBaseLogger) {
  return (err: NodeJS.ErrnoException, socket: Socket): void => {
    if (err.code === 'ECONNRESET' || socket.destroyed) return;
    const { status, detail } = clientErrorOf(err);
    log.debug({ code: err.code, status }, 'client error');
    if (socket.writable) {
      const body = JSON.stringify({
        type: 'about:blank',
        title: STATUS_CODES[status] ?? 'Bad Request',
        status,
        detail,
      });
      socket.write(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
          'Content-Type: application/problem+json; charset=utf-8\r\n' +
          `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    }
    socket.destroy();
  };
}
