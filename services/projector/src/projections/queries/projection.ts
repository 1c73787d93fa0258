import type { Projection } from '../../projection.ts';
import { evolveQuery, evolveReply, queryIdOf } from './evolve.ts';
import { QUERY_EVENT_TYPES, REPLY_EVENT_TYPES, type QueryState, type ReplyState } from './types.ts';

/** `<rm>.queries`, keyed by query id (a reply's event counts for its query). */
export const queriesProjection: Projection<QueryState> = {
  name: 'queries',
  types: QUERY_EVENT_TYPES,
  keyOf: queryIdOf,
  evolve: evolveQuery,
};

/** `<rm>.query_replies`, keyed by reply id. */
export const repliesProjection: Projection<ReplyState> = {
  name: 'query_replies',
  types: REPLY_EVENT_TYPES,
  keyOf: (e) => e.itemId,
  evolve: evolveReply,
};
