import { EVENT_TYPES, type Answer, type QueryLaunchedData, type Visibility } from '@rcpx/contracts';
import { replyIdOf } from './reply-id.ts';
import type { LoggedEvent } from '../aggregate-handler.ts';
import type { QueryState } from './state.ts';

const QUERY_ID = /^queries\/([^/]+)/;

/** The state of a query after one more event of its subject (unknown types count, change nothing). */
export function evolve(state: QueryState, event: LoggedEvent): QueryState {
  const { type, data, owner } = event;
  if (type === EVENT_TYPES.queryLaunched) {
    const id = QUERY_ID.exec(event.subject)?.[1] ?? '';
    return {
      status: 'open',
      id,
      launcher: owner,
      data: data as QueryLaunchedData,
      events: 1,
      replies: {},
    };
  }
  if (state.status === 'none') return state;
  const events = state.events + 1;
  if (type === EVENT_TYPES.queryReplied || type === EVENT_TYPES.queryReplyRevised) {
    const reply = {
      id: replyIdOf(state.id, owner),
      version: event.version,
      answers: data.answers as Answer[],
      visibility: data.visibility as Visibility,
    };
    return { ...state, events, replies: { ...state.replies, [owner]: reply } };
  }
  if (type === EVENT_TYPES.queryClosed) return { ...state, status: 'closed', events };
  return { ...state, events };
}

/** The state before any event. */
export const initialState = (): QueryState => ({ status: 'none' });
