import type { ProjectionApplier } from '../../applier.ts';
import { fold, handles } from '../../projection.ts';
import { queryIdOf } from './evolve.ts';
import { queriesProjection, repliesProjection } from './projection.ts';
import { QUERY_EVENT_TYPES, REPLY_EVENT_TYPES, type QueryState, type ReplyState } from './types.ts';
import { loadQueries, loadReplies, writeQueries, writeReplies } from './writer.ts';

/**
 * Checkpoint `queries`: `<rm>.queries` and `<rm>.query_replies`. Loads the queries and replies
 * the batch changes but does not create, folds both projections, upserts what changed.
 */
export const queriesApplier: ProjectionApplier = {
  name: 'queries',
  types: QUERY_EVENT_TYPES,
  async apply(trx, schema, events) {
    const queryIds = new Set<string>();
    const replyIds = new Set<string>();
    const created = new Set<string>();
    for (const e of events) {
      if (!handles(queriesProjection, e)) continue;
      const id = queryIdOf(e);
      if (e.type === 'org.rcpx.query.launched') created.add(id);
      else if (!created.has(id)) queryIds.add(id);
      if (REPLY_EVENT_TYPES.has(e.type)) replyIds.add(e.itemId);
    }
    if (created.size === 0 && queryIds.size === 0) return;
    const [queries, replies] = await Promise.all([
      loadQueries(trx, schema, [...queryIds]),
      loadReplies(trx, schema, [...replyIds]),
    ]);
    const changedQueries: QueryState[] = [];
    for (const [id, state] of fold(queriesProjection, queries, events)) {
      if (state !== undefined && state !== queries.get(id)) changedQueries.push(state);
    }
    const changedReplies: ReplyState[] = [];
    for (const [id, state] of fold(repliesProjection, replies, events)) {
      if (state !== undefined && state !== replies.get(id)) changedReplies.push(state);
    }
    await writeQueries(trx, schema, changedQueries);
    await writeReplies(trx, schema, changedReplies);
  },
};
