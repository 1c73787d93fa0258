import { STATUS_CODES } from 'node:http';
import type { Problem } from '@rcpx/contracts';

/** One failed validation: `path` is dotted, prefixed by where it was (`body.themes.0`, `query.limit`). */
export interface ProblemFieldError {
  path: string;
  message: string;
}

export interface ProblemOptions {
  errors?: ProblemFieldError[];
  headers?: Record<string, string>;
  /** A URI identifying the problem type; `about:blank` when absent (RFC 9457). */
  type?: string;
  /** Extension members added to the problem document (RFC 9457 §3.2). */
  extensions?: Record<string, unknown>;
}

/** An error that the error handler answers as RFC 9457 `application/problem+json`. */
export class ProblemError extends Error {
  override readonly name = 'ProblemError';
  readonly status: number;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: ProblemFieldError[] | undefined;
  readonly headers: Record<string, string>;
  readonly type: string;
  readonly extensions: Record<string, unknown> | undefined;

  constructor(status: number, title?: string, detail?: string, options: ProblemOptions = {}) {
    const t = title ?? STATUS_CODES[status] ?? 'Error';
    super(detail ?? t);
    this.status = status;
    this.title = t;
    this.detail = detail;
    this.errors = options.errors;
    this.headers = options.headers ?? {};
    this.type = options.type ?? 'about:blank';
    this.extensions = options.extensions;
  }

  /** The problem document (without `instance`, which the error handler adds). */
  toProblem(instance?: string): Problem & Record<string, unknown> {
    return {
      ...this.extensions,
      type: this.type,
      title: this.title,
      status: this.status,
      ...(this.detail !== undefined ? { detail: this.detail } : {}),
      ...(instance !== undefined ? { instance } : {}),
      ...(this.errors !== undefined ? { errors: this.errors } : {}),
    };
  }
}

const retryAfter = (seconds: number) => ({
  'retry-after': String(Math.max(0, Math.ceil(seconds))),
});

/** Factories for the problems the services answer with. */
export const problem = {
  badRequest: (detail?: string, errors?: ProblemFieldError[]) =>
    new ProblemError(400, 'Bad Request', detail, errors ? { errors } : {}),
  /** 401 with `WWW-Authenticate: Bearer` (plus `error="invalid_token"` when `invalidToken`). */
  unauthorized: (detail = 'A valid bearer token is required.', invalidToken = false) =>
    new ProblemError(401, 'Unauthorized', detail, {
      headers: { 'www-authenticate': invalidToken ? 'Bearer error="invalid_token"' : 'Bearer' },
    }),
  forbidden: (detail?: string) => new ProblemError(403, 'Forbidden', detail),
  notFound: (detail?: string) => new ProblemError(404, 'Not Found', detail),
  conflict: (detail?: string) => new ProblemError(409, 'Conflict', detail),
  preconditionFailed: (detail?: string) => new ProblemError(412, 'Precondition Failed', detail),
  payloadTooLarge: (detail?: string) => new ProblemError(413, 'Content Too Large', detail),
  unsupportedMediaType: (detail?: string) =>
    new ProblemError(415, 'Unsupported Media Type', detail),
  unprocessable: (detail?: string) => new ProblemError(422, 'Unprocessable Content', detail),
  preconditionRequired: (detail?: string) => new ProblemError(428, 'Precondition Required', detail),
  tooMany: (retryAfterSeconds?: number, detail?: string) =>
    new ProblemError(
      429,
      'Too Many Requests',
      detail,
      retryAfterSeconds !== undefined ? { headers: retryAfter(retryAfterSeconds) } : {},
    ),
  internal: () => new ProblemError(500, 'Internal Server Error', 'An unexpected error occurred.'),
  unavailable: (retryAfterSeconds = 2, detail?: string) =>
    new ProblemError(503, 'Service Unavailable', detail, {
      headers: retryAfter(retryAfterSeconds),
    }),
} as const;

/** True for a `ProblemError` (also across module copies). */
export function isProblemError(err: unknown): err is ProblemError {
  return (
    err instanceof ProblemError ||
    (err instanceof Error &&
      err.name === 'ProblemError' &&
      typeof (err as ProblemError).status === 'number')
  );
}
