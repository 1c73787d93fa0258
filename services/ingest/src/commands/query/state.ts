import type {
  Answer,
  QueryLaunchedData,
  ReplyBody,
  ReplyPatchBody,
  Visibility,
} from '@rcpx/contracts';
import type { QueryLaunchBody } from '@rcpx/contracts';
import type { IfMatch } from '../../if-match.ts';
import type { Actor } from '../decider.ts';

// The write model of a query ("ask the network") and its replies: one aggregate on the query's
// NATS subject, so "replies only while open" and "exactly one closed" hold by the subject's
// expected last sequence.

/** A reply as its events say. */
export interface ReplyState {
  id: string;
  version: number;
  answers: Answer[];
  /** The effective audience (launcher folded in). */
  visibility: Visibility;
}

/** A query as its events say. */
export type QueryState =
  | { status: 'none' }
  | {
      status: 'open' | 'closed';
      id: string;
      launcher: string;
      data: QueryLaunchedData;
      /** Events on the query's subject so far (the query's version). */
      events: number;
      /** Replies by participant. */
      replies: Record<string, ReplyState>;
    };

/** What a query takes. `today` is the server's UTC date (`YYYY-MM-DD`), given by the caller. */
export type QueryCommand =
  | { type: 'launch'; id: string; actor: Actor; body: QueryLaunchBody; today: string }
  | {
      type: 'reply';
      id: string;
      actor: Actor;
      body: ReplyBody;
      today: string;
      /**
       * `If-Match` of a `POST …/replies`: the reply is revised (as `revise-reply` with the body)
       * when it matches the author's reply; 412 when stale or when there is no reply yet.
       */
      ifMatch?: IfMatch | undefined;
    }
  | {
      type: 'revise-reply';
      id: string;
      /** The reply: its author's slug or its id. */
      reply: string;
      actor: Actor;
      patch: ReplyPatchBody;
      ifMatch: IfMatch;
      today: string;
    }
  | { type: 'close'; id: string; actor: Actor; today: string }
  /** The sweeper's: close a query whose deadline is past. */
  | { type: 'expire'; id: string; today: string };

export type { AggregateDecision as QueryDecision } from '../aggregate-handler.ts';
