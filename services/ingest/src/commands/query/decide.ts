import {
  canRead,
  daysBetween,
  EVENT_TYPES,
  queryIsDue,
  type Answer,
  type QueryClosedData,
  type QueryLaunchedData,
  type QueryRepliedData,
} from '@rcpx/contracts';
import { canonicalJson } from '../../idempotency.ts';
import { ifMatchAccepts } from '../../if-match.ts';
import type { DomainError } from '../decider.ts';
import { defaultAddressees, mayReadQuery, replyAudience } from './audience.ts';
import { replyIdOf } from './reply-id.ts';
import type { AggregateDecider, AggregateEvent } from '../aggregate-handler.ts';
import { evolve, initialState } from './evolve.ts';
import type { QueryCommand, QueryDecision, QueryState } from './state.ts';

/** The farthest deadline a query may have, in days from today. */
export const MAX_DEADLINE_DAYS = 90;

type Open = Exclude<QueryState, { status: 'none' }>;

const refuse = (error: DomainError): QueryDecision => ({ ok: false, error });
const accept = (event: AggregateEvent): QueryDecision => ({ ok: true, event });
const invalid = (path: string, message: string): QueryDecision =>
  refuse({ code: 'invalid', detail: `${path}: ${message}`, errors: [{ path, message }] });
const notFound = (id: string): DomainError => ({ code: 'not-found', detail: `No query ${id}.` });

/** 404 unless the query exists and the actor may read it. */
function visibleQuery(command: Exclude<QueryCommand, { type: 'expire' }>, state: QueryState) {
  if (state.status === 'none') return null;
  return canRead(command.actor.reader, state.data.visibility, state.launcher) ? state : null;
}

/** 409 once the query is closed, or its deadline is past (it is closing). */
function closedError(state: Open, today: string): DomainError | null {
  if (state.status === 'closed') {
    return { code: 'conflict', detail: `The query ${state.id} is closed.` };
  }
  if (queryIsDue(state.data.deadline, today)) {
    return {
      code: 'conflict',
      detail: `The query ${state.id} is closed: its deadline ${state.data.deadline} has passed.`,
    };
  }
  return null;
}

/** 400 for an answer to no question of the query. */
function unknownRef(state: Open, answers: readonly Answer[]): QueryDecision | null {
  const refs = new Set(state.data.questions.map((q) => q.ref));
  const i = answers.findIndex((a) => !refs.has(a.ref));
  if (i === -1) return null;
  return invalid(
    `body.answers.${i}.ref`,
    `the query has no question "${answers[i]!.ref}" (its refs: ${[...refs].join(', ')})`,
  );
}

function launch(command: Extract<QueryCommand, { type: 'launch' }>, state: QueryState) {
  if (state.status !== 'none') {
    return refuse({ code: 'conflict', detail: `The query ${command.id} exists.` });
  }
  const { body, today } = command;
  const launcher = command.actor.participant;
  const days = daysBetween(today, body.deadline);
  if (days < 1 || days > MAX_DEADLINE_DAYS) {
    return invalid(
      'body.deadline',
      `must be 1 to ${MAX_DEADLINE_DAYS} days ahead of today (${today}, UTC)`,
    );
  }
  let addressees: string[];
  if (body.addressees === undefined) {
    addressees = defaultAddressees(launcher, body.visibility);
    if (addressees.length === 0) {
      return invalid('body.visibility', 'admits no participant to ask: widen it or name rcps');
    }
  } else {
    const self = body.addressees.indexOf(launcher);
    if (self !== -1) return invalid(`body.addressees.${self}`, 'a query does not ask its launcher');
    const blind = body.addressees.findIndex((p) => !mayReadQuery(p, body.visibility, launcher));
    if (blind !== -1) {
      return invalid(
        `body.addressees.${blind}`,
        `"${body.addressees[blind]}" may not read the query under its visibility`,
      );
    }
    addressees = body.addressees;
  }
  const data: QueryLaunchedData = {
    title: body.title,
    questions: body.questions,
    themes: body.themes,
    addressees,
    deadline: body.deadline,
    visibility: body.visibility,
  };
  return accept({
    type: EVENT_TYPES.queryLaunched,
    data,
    subject: `queries/${command.id}`,
    version: 1,
  });
}

function reply(command: Extract<QueryCommand, { type: 'reply' }>, state: QueryState) {
  const query = visibleQuery(command, state);
  if (!query) return refuse(notFound(command.id));
  const author = command.actor.participant;
  if (author === query.launcher) {
    return refuse({ code: 'forbidden', detail: 'A launcher does not reply to its own query.' });
  }
  if (!query.data.addressees.includes(author)) {
    return refuse({ code: 'forbidden', detail: `The query does not ask ${author}.` });
  }
  const closed = closedError(query, command.today);
  if (closed) return refuse(closed);
  const current = query.replies[author];
  if (current && command.ifMatch) {
    return reviseReply(
      {
        ...command,
        type: 'revise-reply',
        reply: author,
        patch: command.body,
        ifMatch: command.ifMatch,
      },
      state,
    );
  }
  if (current) {
    return refuse({
      code: 'conflict',
      detail:
        `${author} has replied already (version ${current.version}): revise the reply by ` +
        `sending it again with If-Match: "${current.version}" (or PATCH ` +
        `/v1/queries/${query.id}/replies/${author} with If-Match).`,
    });
  }
  if (command.ifMatch) {
    return refuse({
      code: 'version-mismatch',
      detail: `If-Match does not match: ${author} has not replied yet; reply without If-Match.`,
      version: undefined,
    });
  }
  const bad = unknownRef(query, command.body.answers);
  if (bad) return bad;
  const replyId = replyIdOf(query.id, author);
  const data: QueryRepliedData = {
    query: query.id,
    title: query.data.title,
    answers: command.body.answers,
    themes: query.data.themes,
    visibility: replyAudience(
      command.body.visibility,
      { ...query.data, launcher: query.launcher },
      author,
    ),
  };
  return accept({
    type: EVENT_TYPES.queryReplied,
    data,
    subject: `queries/${query.id}/replies/${replyId}`,
    version: 1,
  });
}

function reviseReply(command: Extract<QueryCommand, { type: 'revise-reply' }>, state: QueryState) {
  const query = visibleQuery(command, state);
  if (!query) return refuse(notFound(command.id));
  const author =
    Object.entries(query.replies).find(([, r]) => r.id === command.reply)?.[0] ?? command.reply;
  const current = query.replies[author];
  const noReply: DomainError = {
    code: 'not-found',
    detail: `No reply of ${author} to the query ${query.id}.`,
  };
  if (!current || !canRead(command.actor.reader, current.visibility, author))
    return refuse(noReply);
  if (command.actor.participant !== author) {
    return refuse({ code: 'forbidden', detail: `Only ${author} may revise its reply.` });
  }
  const closed = closedError(query, command.today);
  if (closed) return refuse(closed);
  if (!ifMatchAccepts(command.ifMatch, current.version)) {
    return refuse({
      code: 'version-mismatch',
      detail: `If-Match does not match: the reply is at version ${current.version}.`,
      version: current.version,
    });
  }
  const answers = command.patch.answers ?? current.answers;
  const bad = unknownRef(query, answers);
  if (bad) return bad;
  const visibility =
    command.patch.visibility === undefined
      ? current.visibility
      : replyAudience(
          command.patch.visibility,
          { ...query.data, launcher: query.launcher },
          author,
        );
  const changed = [
    ...(canonicalJson(answers) !== canonicalJson(current.answers) ? ['answers'] : []),
    ...(canonicalJson(visibility) !== canonicalJson(current.visibility) ? ['visibility'] : []),
  ];
  return accept({
    type: EVENT_TYPES.queryReplyRevised,
    data: {
      query: query.id,
      title: query.data.title,
      answers,
      themes: query.data.themes,
      visibility,
      changed,
    },
    subject: `queries/${query.id}/replies/${current.id}`,
    version: current.version + 1,
  });
}

function closeEvent(query: Open, by: QueryClosedData['by']): AggregateEvent {
  const data: QueryClosedData = {
    title: query.data.title,
    themes: query.data.themes,
    visibility: query.data.visibility,
    by,
    replies: Object.keys(query.replies).length,
  };
  return {
    type: EVENT_TYPES.queryClosed,
    data,
    subject: `queries/${query.id}`,
    version: query.events + 1,
  };
}

function close(command: Extract<QueryCommand, { type: 'close' }>, state: QueryState) {
  const query = visibleQuery(command, state);
  if (!query) return refuse(notFound(command.id));
  if (command.actor.participant !== query.launcher) {
    return refuse({
      code: 'forbidden',
      detail: `Only ${query.launcher}, its launcher, may close it.`,
    });
  }
  if (query.status === 'closed') {
    return refuse({ code: 'conflict', detail: `The query ${query.id} is closed.` });
  }
  return accept(closeEvent(query, 'launcher'));
}

function expire(command: Extract<QueryCommand, { type: 'expire' }>, state: QueryState) {
  if (state.status === 'none') return refuse(notFound(command.id));
  if (state.status === 'closed') {
    return refuse({ code: 'conflict', detail: `The query ${state.id} is closed.` });
  }
  if (!queryIsDue(state.data.deadline, command.today)) {
    return refuse({ code: 'conflict', detail: `The query ${state.id} is not due yet.` });
  }
  return accept(closeEvent(state, 'deadline'));
}

/** The decision on a query command (pure): one event to append, or a domain error. */
export function decide(command: QueryCommand, state: QueryState): QueryDecision {
  switch (command.type) {
    case 'launch':
      return launch(command, state);
    case 'reply':
      return reply(command, state);
    case 'revise-reply':
      return reviseReply(command, state);
    case 'close':
      return close(command, state);
    case 'expire':
      return expire(command, state);
  }
}

/** The query aggregate for `handleAggregate`: every event on the query's NATS subject. */
export const queryDecider: AggregateDecider<QueryCommand, QueryState> = {
  initialState,
  decide,
  evolve,
};
