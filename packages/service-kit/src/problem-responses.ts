import { Problem } from '@rcpx/contracts';

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request (`errors[]` names each field).',
  401: 'Missing, unknown or revoked bearer token (or session).',
  403: 'The token may not do this.',
  404: 'No such item (or not visible to this token).',
  409: 'Conflicts with the current state (a withdrawn item, say).',
  412: 'If-Match does not match the current version.',
  413: 'Body larger than 256 KiB.',
  422: 'The Idempotency-Key was used for another request.',
  428: 'If-Match is required.',
  429: 'Too many requests; retry after `Retry-After` seconds.',
  503: 'A dependency is unavailable; retry after `Retry-After` seconds.',
};

/** Problem+json response schemas for the given statuses (documented in OpenAPI). */
export function problemResponses(...statuses: number[]): Record<number, typeof Problem> {
  const out: Record<number, typeof Problem> = {};
  for (const s of statuses) {
    out[s] = Problem.meta({ description: PROBLEM_DESCRIPTIONS[s] ?? 'Problem details.' });
  }
  return out;
}
