import { problem, ProblemError } from '@rcpx/service-kit';
import { etagOf } from '../if-match.ts';
import type { DomainError } from './decider.ts';

/** The RFC 9457 problem of a domain error (412 carries the current `ETag`). */
export function problemOf(error: DomainError): ProblemError {
  switch (error.code) {
    case 'not-found':
      return problem.notFound(error.detail);
    case 'forbidden':
      return problem.forbidden(error.detail);
    case 'withdrawn':
    case 'conflict':
      return problem.conflict(error.detail);
    case 'version-mismatch':
      return new ProblemError(
        412,
        'Precondition Failed',
        error.detail,
        error.version === undefined ? {} : { headers: { etag: etagOf(error.version) } },
      );
    case 'invalid':
      return problem.badRequest(error.detail, error.errors);
  }
}
