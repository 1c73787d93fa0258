import { readSubject, subjectFor, type Bus, type StoredEvent } from '@rcpx/bus';
import { participantOfSource } from '@rcpx/contracts';
import { buildEvent } from '../events.ts';
import type { Idempotency } from '../idempotency.ts';
import { answerDuplicate, storedUnder, tryAppendWrite, type WriteStatus } from '../write-path.ts';
import type { CommandResult } from './handler.ts';
import type { DecidedEvent, DomainError } from './decider.ts';

// The command handler of every aggregate (items, adoptions, follow-ups, queries, memberships…):
// load → decide → append → idempotent replay, for any command and state, with events whose
// CloudEvent subject the decider chooses (`queries/<q>/replies/<r>` on the query's NATS
// subject, say). `handleCommand` (handler.ts) is this for the item kinds.

/** An event of the aggregate's subject as its `evolve` sees it. */
export interface LoggedEvent {
  type: string;
  data: Record<string, unknown>;
  /** The participant that wrote it (the CloudEvent source). */
  owner: string;
  /** The event's `rcpxversion`. */
  version: number;
  /** The CloudEvent subject: tells apart what one NATS subject holds (a query and its replies). */
  subject: string;
  seq: number;
}

/** An event as an aggregate decided it: where it goes and the version it makes. */
export interface AggregateEvent extends DecidedEvent {
  /** The CloudEvent subject; the write answers `/v1/<subject>` as `Location`. */
  subject: string;
  /** The `rcpxversion` of the thing the event is about. */
  version: number;
}

export type AggregateDecision =
  { ok: true; event: AggregateEvent } | { ok: false; error: DomainError };

/** A pure decider of one aggregate (one NATS subject). */
export interface AggregateDecider<Command, State> {
  initialState(): State;
  decide(command: Command, state: State): AggregateDecision;
  evolve(state: State, event: LoggedEvent): State;
}

export interface AggregateInput<Command> {
  /** The NATS subject `<prefix>.events.<kind>.<id>` of the aggregate. */
  kind: string;
  id: string;
  command: Command;
  /** The writer (the CloudEvent source). */
  participant: string;
  idempotency: Idempotency | undefined;
  /** 201 for what creates a resource, else 200. */
  status: WriteStatus;
  /**
   * How often to load and decide again when another write moved the subject between the load
   * and the append (replies to one query, say). The decision is taken again on the new state, so
   * a stale `If-Match` still ends as 412. Default 5.
   */
  retries?: number;
  /** The aggregate is new (a fresh uuid): decide on the initial state without reading the log. */
  fresh?: boolean;
}

/** A state folded from the events of one NATS subject, with that history and its last seq. */
export interface Loaded<State> {
  state: State;
  history: StoredEvent[];
  lastSeq: number;
}

/** Folds the events of a NATS subject with `evolve`. */
export async function loadSubject<State>(
  bus: Bus,
  decider: Pick<AggregateDecider<never, State>, 'initialState' | 'evolve'>,
  subject: string,
): Promise<Loaded<State>> {
  let state = decider.initialState();
  const history: StoredEvent[] = [];
  for await (const stored of readSubject(bus, subject)) {
    history.push(stored);
    state = decider.evolve(state, {
      type: stored.event.type,
      data: stored.event.data,
      owner: participantOfSource(stored.event.source),
      version: stored.event.rcpxversion,
      subject: stored.event.subject,
      seq: stored.seq,
    });
  }
  return { state, history, lastSeq: history.at(-1)?.seq ?? 0 };
}

/** The aggregate's state folded from its subject `<prefix>.events.<kind>.<id>`. */
export function loadAggregate<State>(
  bus: Bus,
  decider: Pick<AggregateDecider<never, State>, 'initialState' | 'evolve'>,
  kind: string,
  id: string,
): Promise<Loaded<State>> {
  return loadSubject(bus, decider, subjectFor(bus, kind, id));
}

/**
 * Handles a command on an aggregate: load its subject, decide, append expecting the subject's
 * last seq (re-deciding on a concurrent append, `retries` times), and answer a retry with the
 * same `Idempotency-Key` as the first write — also when the state now refuses it (a reply that
 * exists, a query that closed).
 */
export async function handleAggregate<Command, State>(
  bus: Bus,
  decider: AggregateDecider<Command, State>,
  input: AggregateInput<Command>,
): Promise<CommandResult> {
  const retries = input.retries ?? 5;
  for (let attempt = 0; ; attempt++) {
    const { state, history, lastSeq } =
      input.fresh && attempt === 0
        ? { state: decider.initialState(), history: [], lastSeq: 0 }
        : await loadAggregate(bus, decider, input.kind, input.id);
    const decision = decider.decide(input.command, state);
    if (!decision.ok) {
      const first = input.idempotency && storedUnder(history, input.idempotency.msgId);
      if (first && input.idempotency) {
        return { ok: true, outcome: answerDuplicate(first, input.idempotency) };
      }
      return decision;
    }
    const result = await tryAppendWrite(bus, {
      kind: input.kind,
      id: input.id,
      event: buildEvent({ participant: input.participant, ...decision.event }),
      status: input.status,
      expectedLastSubjectSeq: lastSeq,
      idempotency: input.idempotency,
    });
    if (result.ok) return { ok: true, outcome: result.outcome };
    if (attempt >= retries) {
      return {
        ok: false,
        error: { code: 'conflict', detail: 'Too many concurrent writes; retry the request.' },
      };
    }
  }
}
