// The calls of "My work": queries, replies, follow-ups, adoptions (same origin, the session).

import type {
  Item,
  Lineage,
  QueryDetail,
  QuerySummary,
  TrackedOutcome,
  WriteResult,
} from '@rcpx/contracts';
import { call } from './api.ts';
import { SCREENFUL } from './my-work-lists.ts';

export type { Lineage, QueryDetail, QuerySummary, TrackedOutcome };

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

const key = (k: string) => ({ 'idempotency-key': k });
const seq = (minSeq?: number) => (minSeq ? `minSeq=${minSeq}` : '');
const after = (cursor?: string) => (cursor ? `cursor=${encodeURIComponent(cursor)}&` : '');

export const myWorkApi = {
  /** The open queries `me` is asked and has not replied to, soonest deadline first. */
  awaiting: (me: string, minSeq?: number, cursor?: string) =>
    call<Page<QuerySummary>>(
      'GET',
      `/v1/queries?awaiting=${me}&limit=100&${after(cursor)}${seq(minSeq)}`,
    ),
  /** The open queries (to find those `me` replied to and may still revise). */
  openQueries: (minSeq?: number) =>
    call<Page<QuerySummary>>('GET', `/v1/queries?status=open&limit=200&${seq(minSeq)}`),
  /** The queries `me` launched, newest first. */
  launchedBy: (me: string, minSeq?: number, cursor?: string) =>
    call<Page<QuerySummary>>(
      'GET',
      `/v1/queries?participants=${me}&limit=100&${after(cursor)}${seq(minSeq)}`,
    ),
  query: (id: string, minSeq?: number) =>
    call<QueryDetail>('GET', `/v1/queries/${id}?${seq(minSeq)}`),
  launch: (body: unknown, k: string) => call<WriteResult>('POST', '/v1/queries', body, key(k)),
  reply: (id: string, body: unknown, k: string) =>
    call<WriteResult>('POST', `/v1/queries/${id}/replies`, body, key(k)),
  /** Revises the caller's reply (`version` for If-Match: 412 when it changed meanwhile). */
  reviseReply: (id: string, reply: string, version: number, body: unknown) =>
    call<WriteResult>('PATCH', `/v1/queries/${id}/replies/${reply}`, body, {
      'if-match': `"${version}"`,
    }),
  close: (id: string, k: string) =>
    call<WriteResult>('POST', `/v1/queries/${id}/close`, undefined, key(k)),
  /** The recommendations (tracked outcomes) addressed to `me`, most urgent first, a screenful. */
  addressedTo: (me: string, minSeq?: number, cursor?: string) =>
    call<Page<TrackedOutcome>>(
      'GET',
      `/v1/follow-ups?addressee=${me}&sort=due&limit=${SCREENFUL}&${after(cursor)}${seq(minSeq)}`,
    ),
  followUpHistory: (meetingId: string, ref: string, minSeq?: number) =>
    call<{ outcome: TrackedOutcome; removed: boolean; items: TrackedOutcome['latest'] }>(
      'GET',
      `/v1/meetings/${meetingId}/outcomes/${ref}/follow-ups?${seq(minSeq)}`,
    ),
  reportFollowUp: (meetingId: string, ref: string, body: unknown, k: string) =>
    call<WriteResult>('POST', `/v1/meetings/${meetingId}/outcomes/${ref}/follow-ups`, body, key(k)),
  adopt: (practiceId: string, body: unknown, k: string) =>
    call<WriteResult>('POST', `/v1/practices/${practiceId}/adoptions`, body, key(k)),
  lineage: (practiceId: string, minSeq?: number) =>
    call<Lineage>('GET', `/v1/practices/${practiceId}/lineage?${seq(minSeq)}`),
  /** `me`'s own active practices (what an adoption may name as its local practice). */
  myPractices: (me: string) =>
    call<Page<Item>>('GET', `/v1/practices?participants=${me}&limit=100`),
};

/** A new key for a submission. */
export const newKey = () => `app-${crypto.randomUUID()}`;
