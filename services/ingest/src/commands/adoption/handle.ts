import {
  append,
  readBySeq,
  readSubject,
  subjectFor,
  WrongLastSequenceError,
  type Bus,
  type StoredEvent,
} from '@rcpx/bus';
import { participantOfSource, type AdoptionBody } from '@rcpx/contracts';
import { problem } from '@rcpx/service-kit';
import { adoptionSubject, buildEvent } from '../../events.ts';
import type { Idempotency } from '../../idempotency.ts';
import {
  answerDuplicate,
  BODY_HASH_HEADER,
  STATUS_HEADER,
  storedUnder,
  type WriteOutcome,
} from '../../write-path.ts';
import type { Actor } from '../decider.ts';
import type { CommandResult } from '../handler.ts';
import { loadItem } from '../handler.ts';
import * as practice from '../practice/decide.ts';
import {
  adoptionIdFor,
  decide,
  evolve,
  initialState,
  type AdoptionState,
  type RecordAdoption,
} from './decide.ts';

/** How often a record is retried when another record of the same adopter lands first. */
const ATTEMPTS = 20;

/** An adoption folded from its subject, with its history and last seq. */
async function loadAdoption(
  bus: Bus,
  subject: string,
): Promise<{ state: AdoptionState; history: StoredEvent[]; lastSeq: number }> {
  let state = initialState();
  const history: StoredEvent[] = [];
  for await (const stored of readSubject(bus, subject)) {
    history.push(stored);
    state = evolve(state, {
      type: stored.event.type,
      data: stored.event.data,
      owner: participantOfSource(stored.event.source),
      version: stored.event.rcpxversion,
    });
  }
  return { state, history, lastSeq: history.at(-1)?.seq ?? 0 };
}

/** What a record needs: the practice, who records, the body and the request's idempotency. */
export interface RecordAdoptionInput {
  practiceId: string;
  actor: Actor;
  body: AdoptionBody;
  idempotency: Idempotency | undefined;
}

/**
 * Records an adoption stage: loads the practice (and the local practice) and the adoption from
 * the log, decides, and appends to the adoption's subject expecting its last seq. Another record
 * of the same adopter landing first is not a conflict (no If-Match: the later record supersedes):
 * it reloads and decides again. A retry with the same `Idempotency-Key` answers the first write.
 */
export async function recordAdoption(bus: Bus, input: RecordAdoptionInput): Promise<CommandResult> {
  const { practiceId, actor, body, idempotency } = input;
  const [p, local] = await Promise.all([
    loadItem(bus, practice, subjectFor(bus, 'practice', practiceId)),
    body.localPractice === undefined
      ? undefined
      : loadItem(bus, practice, subjectFor(bus, 'practice', body.localPractice)),
  ]);
  const command: RecordAdoption = {
    type: 'record',
    actor,
    practice: { id: practiceId, state: p.state },
    localPractice:
      body.localPractice === undefined || local === undefined
        ? undefined
        : { id: body.localPractice, state: local.state },
    body,
  };
  const id = adoptionIdFor(command);
  const subject = subjectFor(bus, 'adoption', id);
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const adoption = await loadAdoption(bus, subject);
    const decision = decide(command, adoption.state);
    if (!decision.ok) {
      const first = idempotency && storedUnder(adoption.history, idempotency.msgId);
      if (first) return { ok: true, outcome: answerDuplicate(first, idempotency) };
      return decision;
    }
    const version = adoption.state.status === 'none' ? 1 : adoption.state.version + 1;
    const event = {
      ...buildEvent({
        participant: actor.participant,
        type: decision.event.type,
        kind: 'practice',
        id,
        version,
        data: decision.event.data,
      }),
      subject: adoptionSubject(practiceId, id),
    };
    let ack: { seq: number; duplicate: boolean };
    try {
      ack = await append(bus, subject, event, {
        expectedLastSubjectSeq: adoption.lastSeq,
        ...(idempotency
          ? {
              msgId: idempotency.msgId,
              headers: { [BODY_HASH_HEADER]: idempotency.bodyHash, [STATUS_HEADER]: '201' },
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
    const outcome: WriteOutcome = {
      status: 201,
      kind: 'adoption',
      result: { id, version, seq: ack.seq },
      replayed: false,
    };
    return { ok: true, outcome };
  }
  throw problem.unavailable(1, 'Too many concurrent records of this adoption; retry.');
}
