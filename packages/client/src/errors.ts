import type { Problem } from '@rcpx/contracts';

/** An HTTP error answer of the exchange (RFC 9457 problem details when the server sent them). */
export class RcpxError extends Error {
  override readonly name = 'RcpxError';
  constructor(
    readonly status: number,
    readonly problem: Problem | undefined,
    readonly headers: Headers | undefined = undefined,
  ) {
    super(
      problem
        ? `${status} ${problem.title}${problem.detail ? `: ${problem.detail}` : ''}`
        : `HTTP ${status}`,
    );
  }
}

/** The live stream ended for good (token revoked, or the request itself was refused). */
export class LiveClosedError extends Error {
  override readonly name = 'LiveClosedError';
  constructor(
    message: string,
    readonly code: number | undefined = undefined,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** An HTTP status that retrying will not fix. */
export function isFatalStatus(status: number): boolean {
  return status >= 400 && status < 500 && status !== 408 && status !== 429;
}
