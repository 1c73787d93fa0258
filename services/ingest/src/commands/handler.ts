import { readSubject, subjectFor, type Bus, type StoredEvent } from '@rcpx/bus';
import { participantOfSource, type ItemKind } from '@rcpx/contracts';
import { buildEvent, eventSubject } from '../events.ts';
import type { Idempotency } from '../idempotency.ts';
import { answerDuplicate, appendWrite, storedUnder, type WriteOutcome } from '../write-path.ts';
import type { Decider, DomainError, ItemCommand, ItemState } from './decider.ts';

/** A command for one item of `kind`, with the idempotency of the request that carries it. */
export interface CommandInput {
  kind: ItemKind;
  command: ItemCommand;
  idempotency: Idempotency | undefined;
}

/** A command's answer: the write (or the replay of an earlier one), or the domain's refusal. */
export type CommandResult = { ok: true; outcome: WriteOutcome } | { ok: false; error: DomainError };

// Refusals that a retry of an accepted write meets (its own event made the item withdrawn or
// moved its version): answered as that write when the key is in the item's history.
const REPLAYABLE: ReadonlySet<DomainError['code']> = new Set(['withdrawn', 'version-mismatch']);

/** An item's state folded from its history in the log, with that history and its last seq. */
export async function loadItem<Extra>(
  bus: Bus,
  decider: Decider<Extra>,
  subject: string,
): Promise<{ state: ItemState<Extra>; history: StoredEvent[]; lastSeq: number }> {
  let state = decider.initialState();
  const history: StoredEvent[] = [];
  for await (const stored of readSubject(bus, subject)) {
    history.push(stored);
    state = decider.evolve(state, {
      type: stored.event.type,
      data: stored.event.data,
      owner: participantOfSource(stored.event.source),
      version: stored.event.rcpxversion,
    });
  }
  return { state, history, lastSeq: history.at(-1)?.seq ?? 0 };
}

/**
 * Handles a command on an item: load it from the log (a creation starts from the initial state),
 * decide, append the event expecting the subject's last seq (so a concurrent write → 412), and
 * answer a retry with the same `Idempotency-Key` as the first write.
 */
export async function handleCommand<Extra>(
  bus: Bus,
  decider: Decider<Extra>,
  input: CommandInput,
): Promise<CommandResult> {
  const { kind, command, idempotency } = input;
  const subject = subjectFor(bus, kind, command.id);
  const creation = command.type === 'create';
  const { state, history, lastSeq } = creation
    ? { state: decider.initialState(), history: [], lastSeq: 0 }
    : await loadItem(bus, decider, subject);
  const decision = decider.decide(command, state);
  if (!decision.ok) {
    if (idempotency && REPLAYABLE.has(decision.error.code)) {
      const first = storedUnder(history, idempotency.msgId);
      if (first) return { ok: true, outcome: answerDuplicate(first, idempotency) };
    }
    return decision;
  }
  const version = state.status === 'none' ? 1 : state.version + 1;
  const outcome = await appendWrite(bus, {
    kind,
    id: command.id,
    event: buildEvent({
      participant: command.actor.participant,
      type: decision.event.type,
      subject: eventSubject(kind, command.id),
      version,
      data: decision.event.data,
    }),
    status: creation ? 201 : 200,
    expectedLastSubjectSeq: lastSeq,
    idempotency,
  });
  return { ok: true, outcome };
}
