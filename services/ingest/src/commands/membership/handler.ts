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
import { membershipIdOf, participantOfSource, type NewEvent } from '@rcpx/contracts';
import { problem } from '@rcpx/service-kit';
import type { Idempotency } from '../../idempotency.ts';
import {
  BODY_HASH_HEADER,
  STATUS_HEADER,
  answerDuplicate,
  storedUnder,
  type WriteOutcome,
} from '../../write-path.ts';
import type { DomainError } from '../decider.ts';
import {
  decideMembership,
  evolveMembership,
  initialMembership,
  type MembershipAggregate,
  type SetMembership,
} from './decide.ts';

/** The NATS subject kind of the membership aggregates. */
export const MEMBERSHIP_KIND = 'membership';

const ATTEMPTS = 5;

async function load(bus: Bus, subject: string, participant: string, country: string) {
  let state: MembershipAggregate = initialMembership(participant, country);
  const history: StoredEvent[] = [];
  for await (const stored of readSubject(bus, subject)) {
    history.push(stored);
    state = evolveMembership(state, {
      type: stored.event.type,
      data: stored.event.data,
      owner: participantOfSource(stored.event.source),
      version: stored.event.rcpxversion,
    });
  }
  return { state, history, lastSeq: history.at(-1)?.seq ?? 0 };
}

/**
 * Sets a membership: load the pair's aggregate (`memberships/<uuid5(participant/country)>`),
 * decide, append expecting its last seq. The admin's writes carry no `If-Match`: a concurrent
 * change of the same pair is retried on the new state (the last write wins, both are in the log).
 * A retry with the same `Idempotency-Key` answers the first write and appends nothing.
 */
export async function handleMembership(
  bus: Bus,
  command: SetMembership,
  idempotency: Idempotency | undefined,
): Promise<{ ok: true; outcome: WriteOutcome } | { ok: false; error: DomainError }> {
  const id = membershipIdOf(command.participant, command.country);
  const subject = subjectFor(bus, MEMBERSHIP_KIND, id);
  for (let attempt = 1; ; attempt++) {
    const { state, history, lastSeq } = await load(
      bus,
      subject,
      command.participant,
      command.country,
    );
    if (idempotency) {
      const first = storedUnder(history, idempotency.msgId);
      if (first) return { ok: true, outcome: answerDuplicate(first, idempotency) };
    }
    const decision = decideMembership(command, state);
    if (!decision.ok) return decision;
    const event: NewEvent = {
      specversion: '1.0',
      id: randomUUID(),
      source: `/participants/${command.participant}`,
      type: decision.event.type,
      subject: `memberships/${id}`,
      time: new Date().toISOString(),
      datacontenttype: 'application/json',
      rcpxversion: state.version + 1,
      data: decision.event.data,
    };
    try {
      const ack = await append(bus, subject, event, {
        expectedLastSubjectSeq: lastSeq,
        ...(idempotency
          ? {
              msgId: idempotency.msgId,
              headers: { [BODY_HASH_HEADER]: idempotency.bodyHash, [STATUS_HEADER]: '200' },
            }
          : {}),
      });
      if (ack.duplicate && idempotency) {
        return { ok: true, outcome: answerDuplicate(await readBySeq(bus, ack.seq), idempotency) };
      }
      return {
        ok: true,
        outcome: {
          status: 200,
          kind: MEMBERSHIP_KIND,
          result: { id, version: event.rcpxversion, seq: ack.seq },
          replayed: false,
        },
      };
    } catch (err) {
      if (!(err instanceof WrongLastSequenceError)) throw err;
      if (attempt >= ATTEMPTS) {
        throw problem.conflict('The membership changed under too many concurrent writes; retry.');
      }
    }
  }
}
