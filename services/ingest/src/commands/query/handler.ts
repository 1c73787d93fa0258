import { randomUUID } from 'node:crypto';
import {
  append,
  readBySeq,
  readSubject,
  subjectFor,
  WrongLastSequenceError,
  type Bus,
  type StoredEvent,
} from '@rcpx/bus';
import { participantOfSource, type NewEvent, type WriteResult } from '@rcpx/contracts';
import { problem } from '@rcpx/service-kit';
import { sourceOf } from '../../events.ts';
import type { Idempotency } from '../../idempotency.ts';
import { BODY_HASH_HEADER, STATUS_HEADER, storedUnder } from '../../write-path.ts';
import type { DomainError } from '../decider.ts';
import { decide } from './decide.ts';
import { evolve, initialState } from './evolve.ts';
import type { QueryCommand, QueryDecidedEvent, QueryState } from './state.ts';

/** What a query write answers: status, `{id, version, seq}`, where it is read back. */
export interface QueryWriteOutcome {
  status: 200 | 201;
  result: WriteResult;
  location: string;
  replayed: boolean;
}

export type QueryCommandResult =
  { ok: true; outcome: QueryWriteOutcome } | { ok: false; error: DomainError };

// Refusals a retry of an accepted write meets (its own event moved the aggregate on): answered
// as that write when its key is in the subject's history.
const REPLAYABLE: ReadonlySet<DomainError['code']> = new Set(['conflict', 'version-mismatch']);

/** Attempts at one command when other writes to the query's subject race it. */
const MAX_ATTEMPTS = 20;

/** A query's state folded from its subject, with that history and its last seq. */
export async function loadQuery(
  bus: Bus,
  id: string,
): Promise<{ state: QueryState; history: StoredEvent[]; lastSeq: number }> {
  let state = initialState();
  const history: StoredEvent[] = [];
  for await (const stored of readSubject(bus, subjectFor(bus, 'query', id))) {
    history.push(stored);
    state = evolve(state, {
      type: stored.event.type,
      data: stored.event.data,
      owner: participantOfSource(stored.event.source),
      subject: stored.event.subject,
      version: stored.event.rcpxversion,
    });
  }
  return { state, history, lastSeq: history.at(-1)?.seq ?? 0 };
}

/** Where a query event's aggregate is read back. */
function locationOf(subject: string, participant: string): string {
  const m = /^queries\/([^/]+)(\/replies\/)?/.exec(subject);
  if (!m) throw new Error(`not a query subject: ${subject}`);
  return m[2] ? `/v1/queries/${m[1]}/replies/${participant}` : `/v1/queries/${m[1]}`;
}

/** The aggregate id of a query event's subject: the last uuid. */
const aggregateIdOf = (subject: string) => subject.slice(subject.lastIndexOf('/') + 1);

function header(headers: Record<string, string>, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

/** Answers a retry from the message its key stored first (422 when another request stored it). */
function answerDuplicate(stored: StoredEvent | null, idem: Idempotency): QueryWriteOutcome {
  if (!stored) {
    throw problem.conflict('The first write with this Idempotency-Key is no longer in the log.');
  }
  if (header(stored.headers, BODY_HASH_HEADER) !== idem.bodyHash) {
    throw problem.unprocessable(
      'This Idempotency-Key was already used for another request (a different method, path or body).',
    );
  }
  const { subject, source, rcpxversion } = stored.event;
  return {
    status: Number(header(stored.headers, STATUS_HEADER)) === 201 ? 201 : 200,
    result: { id: aggregateIdOf(subject), version: rcpxversion, seq: stored.seq },
    location: locationOf(subject, participantOfSource(source)),
    replayed: true,
  };
}

function envelope(e: QueryDecidedEvent): NewEvent {
  return {
    specversion: '1.0',
    id: randomUUID(),
    source: sourceOf(e.participant),
    type: e.type,
    subject: e.subject,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    rcpxversion: e.version,
    data: e.data,
  };
}

/**
 * Runs a command on a query: load its subject, decide, append expecting the subject's last seq.
 * Every reply, revision and close goes through the query's subject, so when another write got
 * there first (wrong last sequence) the command is decided again on the new state: a reply
 * after the close is refused, a second close is refused, a stale `If-Match` is a 412. A retry
 * with the same `Idempotency-Key` answers the first write.
 */
export async function handleQueryCommand(
  bus: Bus,
  command: QueryCommand,
  idempotency: Idempotency | undefined,
): Promise<QueryCommandResult> {
  const subject = subjectFor(bus, 'query', command.id);
  const status = command.type === 'launch' || command.type === 'reply' ? 201 : 200;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const { state, history, lastSeq } =
      command.type === 'launch'
        ? { state: initialState(), history: [], lastSeq: 0 }
        : await loadQuery(bus, command.id);
    const decision = decide(command, state);
    if (!decision.ok) {
      if (idempotency && REPLAYABLE.has(decision.error.code)) {
        const first = storedUnder(history, idempotency.msgId);
        if (first) return { ok: true, outcome: answerDuplicate(first, idempotency) };
      }
      return decision;
    }
    const event = envelope(decision.event);
    let ack: { seq: number; duplicate: boolean };
    try {
      ack = await append(bus, subject, event, {
        expectedLastSubjectSeq: lastSeq,
        ...(idempotency
          ? {
              msgId: idempotency.msgId,
              headers: {
                [BODY_HASH_HEADER]: idempotency.bodyHash,
                [STATUS_HEADER]: String(status),
              },
            }
          : {}),
      });
    } catch (err) {
      if (err instanceof WrongLastSequenceError) continue;
      throw err;
    }
    if (ack.duplicate && idempotency) {
      return { ok: true, outcome: answerDuplicate(await readBySeq(bus, ack.seq), idempotency) };
    }
    return {
      ok: true,
      outcome: {
        status,
        result: { id: decision.event.aggregateId, version: event.rcpxversion, seq: ack.seq },
        location: locationOf(event.subject, decision.event.participant),
        replayed: false,
      },
    };
  }
  throw problem.unavailable(1, 'The query is busy with other writes; retry.');
}
