import { z } from 'zod';
import { Problem, WriteResult } from '@rcpx/contracts';
import { IdempotencyKey } from './idempotency.ts';

const idempotencyKey = IdempotencyKey.optional().meta({
  description:
    'A retry with the same key and request within 24 h answers the first response and appends ' +
    'nothing; the same key with another request → 422.',
});

/** Headers of every write (other headers pass through untouched). */
export const WriteHeaders = z.looseObject({ 'idempotency-key': idempotencyKey });

/** Headers of a revision: `If-Match` is checked by the handler (428 when missing). */
export const ReviseHeaders = z.looseObject({
  'idempotency-key': idempotencyKey,
  'if-match': z
    .string()
    .optional()
    .meta({ description: 'The version being revised, as its ETag: `"<version>"`. Required.' }),
});

/** Headers of a withdrawal: `If-Match` is optional but honoured. */
export const WithdrawHeaders = z.looseObject({
  'idempotency-key': idempotencyKey,
  'if-match': z
    .string()
    .optional()
    .meta({ description: 'Optional: withdraw only if the practice is still at this version.' }),
});

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request (`errors[]` names each field).',
  401: 'Missing, unknown or revoked bearer token.',
  403: 'The token may not do this.',
  404: 'No such item (or not visible to this token).',
  409: 'The item is withdrawn.',
  412: 'If-Match does not match the current version.',
  413: 'Body larger than 256 KiB.',
  422: 'The Idempotency-Key was used for another request.',
  428: 'If-Match is required.',
  503: 'The log is unavailable; retry after `Retry-After` seconds.',
};

/** Problem+json response schemas for the given statuses (documented in OpenAPI). */
export function problemResponses(...statuses: number[]): Record<number, typeof Problem> {
  const out: Record<number, typeof Problem> = {};
  for (const s of statuses) {
    out[s] = Problem.meta({ description: PROBLEM_DESCRIPTIONS[s] ?? 'Problem details.' });
  }
  return out;
}

/** The problems every write may answer. */
export const WRITE_PROBLEMS = [400, 401, 403, 413, 422, 503] as const;

/** 201 of a creation: the new aggregate's id, version 1 and the seq of its event. */
export const Created = WriteResult.meta({
  description: 'In the log: `{id, version, seq}`; `Location` and `ETag` name the new item.',
});

/** 200 of a revision/withdrawal: the new version and the seq of its event. */
export const Written = WriteResult.meta({
  description: 'In the log: `{id, version, seq}`; `ETag` is the new version.',
});
