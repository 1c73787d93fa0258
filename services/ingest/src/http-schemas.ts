import { z } from 'zod';
import { WriteResult } from '@rcpx/contracts';
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

/** Headers of `POST /v1/queries/{id}/replies`: `If-Match` turns the reply into a revision. */
export const ReplyHeaders = z.looseObject({
  'idempotency-key': idempotencyKey,
  'if-match': z.string().optional().meta({
    description:
      'Absent: a first reply (201). `"<version>"` of your reply: revise it (200; 412 when stale).',
  }),
});

/** Headers of a withdrawal: `If-Match` is optional but honoured. */
export const WithdrawHeaders = z.looseObject({
  'idempotency-key': idempotencyKey,
  'if-match': z
    .string()
    .optional()
    .meta({ description: 'Optional: withdraw only if the practice is still at this version.' }),
});

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
