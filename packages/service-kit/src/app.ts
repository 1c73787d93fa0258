import Fastify, { LogController } from 'fastify';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { clientErrorHandler, frameworkErrorHandler, MAX_PARAM_LENGTH } from './client-errors.ts';
import { notFoundHandler, problemErrorHandler } from './error-handler.ts';
import { jsonBodyParser } from './json-body.ts';
import { problem } from './problem.ts';
import { refuseUnstorableText } from './storable-input.ts';
import { DEFAULT_IDLE_TIMEOUT_MS, closeIdleSockets } from './idle-timeout.ts';

/** A Fastify instance typed with the zod type provider. */
export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export interface CreateAppOptions {
  logger: FastifyBaseLogger;
  /** Request body limit in bytes; 256 KiB (the contract's limit) by default. */
  bodyLimit?: number;
  /** Passed to Fastify (`X-Forwarded-*` trust) when running behind a proxy. */
  trustProxy?: boolean | string | string[];
  /** Log every request start/completion (default true; never for /healthz, /readyz, /metrics). */
  requestLogging?: boolean;
  /**
   * A socket silent this long is closed (`RCPX_HTTP_IDLE_TIMEOUT_MS`, default 10 s), unless its
   * request has fully arrived and is being answered or streamed; see `closeIdleSockets`.
   */
  idleTimeoutMs?: number;
}

/** Probes and scrapes are not worth two log lines each. */
const QUIET = /^\/(?:healthz|readyz|metrics)(?:\?|$)/;

/**
 * A Fastify app with zod validation/serialization and RFC 9457 problem+json error and not-found
 * handlers. Validation errors → 400 with `errors: [{path, message}]` where `path` is dotted and
 * starts with the request part: `body.themes.0`, `query.limit`, `params.id`, `headers.if-match`.
 */
export function createApp(opts: CreateAppOptions): App {
  const app = Fastify({
    loggerInstance: opts.logger,
    bodyLimit: opts.bodyLimit ?? 256 * 1024,
    trustProxy: opts.trustProxy ?? false,
    logController: new LogController({
      disableRequestLogging:
        opts.requestLogging === false ? true : (req) => QUIET.test(req.url ?? ''),
    }),
    // requests still arriving while the app closes: a problem+json 503 below, not Fastify's JSON
    return503OnClosing: false,
    forceCloseConnections: 'idle',
    // errors before routing are problem+json too
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors: frameworkErrorHandler,
    clientErrorHandler: clientErrorHandler(opts.logger),
  }).withTypeProvider<ZodTypeProvider>();
  closeIdleSockets(app.server, opts.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(problemErrorHandler);
  // JSON bodies only (text/plain → 415 naming application/json); a parse error says where.
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'string' }, jsonBodyParser(app));
  app.setNotFoundHandler(notFoundHandler);
  // NUL or a lone surrogate in any client string → 400 (Postgres could not store or compare it).
  app.addHook('preValidation', refuseUnstorableText);
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async (_request, reply) => {
    if (!closing) return;
    reply.header('connection', 'close');
    throw problem.unavailable(1, 'This instance is shutting down; retry.');
  });
  // An upgrade request answered over plain HTTP (a route that is not a WebSocket one, or a
  // refusal before the upgrade): once @fastify/websocket listens for upgrades, that socket has
  // left the HTTP parser and nothing else would ever close it. Root-level: every route.
  app.addHook('onResponse', (request, _reply, done) => {
    if (request.raw.headers.upgrade !== undefined && !(request as { ws?: boolean }).ws) {
      const socket = request.raw.socket;
      socket.end();
      setTimeout(() => socket.destroy(), 1_000).unref();
    }
    done();
  });
  return app;
}
