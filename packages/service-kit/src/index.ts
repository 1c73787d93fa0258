export { BaseConfig, ConfigError, loadConfig } from './config.ts';
export type { ConfigIssue } from './config.ts';
export { createLogger, redactSecrets, redactUrl } from './logger.ts';
export { ProblemError, problem, isProblemError } from './problem.ts';
export { problemResponses } from './problem-responses.ts';
export type { ProblemFieldError, ProblemOptions } from './problem.ts';
export {
  isDependencyUnavailable,
  toProblemError,
  sendProblem,
  instanceOf,
  problemErrorHandler,
  notFoundHandler,
  escapeHtml,
} from './error-handler.ts';
export { createApp } from './app.ts';
export { jsonBodyParser, invalidJsonProblem } from './json-body.ts';
export type { App, CreateAppOptions } from './app.ts';
export { dbPlugin } from './db-plugin.ts';
export type { DbPluginOptions } from './db-plugin.ts';
export { busPlugin } from './bus-plugin.ts';
export type { BusPluginOptions } from './bus-plugin.ts';
export { authPlugin, bearerToken, requirePublisher, requireAdmin } from './auth-plugin.ts';
export type { AuthPluginOptions } from './auth-plugin.ts';
export { AuthGuard, authGuardOptions } from './auth-guard.ts';
export type { AuthGuardConfig, AuthGuardOptions } from './auth-guard.ts';
export { opsPlugin, checkDb, checkBus } from './ops-plugin.ts';
export type { OpsPluginOptions, ReadinessCheck } from './ops-plugin.ts';
export { openapiPlugin } from './openapi-plugin.ts';
export type { OpenapiPluginOptions } from './openapi-plugin.ts';
export { appendVary } from './vary.ts';
export { corsPlugin, CORS_ALLOWED_HEADERS, CORS_EXPOSED_HEADERS } from './cors-plugin.ts';
export type { CorsPluginOptions } from './cors-plugin.ts';
export { rateLimitPlugin, rateLimitKey } from './rate-limit-plugin.ts';
export type { RateLimitPluginOptions } from './rate-limit-plugin.ts';
export { waitForSeq } from './wait-for-seq.ts';
/** @deprecated `readModelsCheckpoint` from @rcpx/db (kept while branches merge). */
export { readModelsCheckpoint as checkpointSeq } from '@rcpx/db';
export { runMain } from './run-main.ts';
export type { Started } from './run-main.ts';
export { createServiceApp } from './service-app.ts';
export { sessionRoutes } from './session-routes.ts';
export { SESSION_COOKIE, CSRF_HEADER, SESSION_TTL_MS } from './session-store.ts';
export type { ServiceAppOptions } from './service-app.ts';
export { busConfigOf } from './bus-config.ts';
export { openDb, openDbAndBus, STREAM_STARTUP_PATIENCE_MS } from './open-deps.ts';
export type { PoolOptions } from './open-deps.ts';
export { MembershipCache, MEMBERSHIP_REFRESH_MS } from './membership-cache.ts';
export type { CacheLogger } from './membership-cache.ts';
