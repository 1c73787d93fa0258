import type { Bus, StoredEvent } from '@rcpx/bus';
import type { ItemKind } from '@rcpx/contracts';
import { eventSubject } from '../events.ts';
import type { Idempotency } from '../idempotency.ts';
import type { WriteOutcome } from '../write-path.ts';
import { handleAggregate, loadSubject, type AggregateDecider } from './aggregate-handler.ts';
import type { Decider, DomainError, ItemCommand, ItemState } from './decider.ts';

/** A command for one item of `kind`, with the idempotency of the request that carries it. */
export interface CommandInput {
  kind: ItemKind;
  command: ItemCommand;
  idempotency: Idempotency | undefined;
}

/** A command's answer: the write (or the replay of an earlier one), or the domain's refusal. */
export type CommandResult = { ok: true; outcome: WriteOutcome } | { ok: false; error: DomainError };

/** An item kind's decider as an aggregate: its events go to `<kind>s/<id>`, version + 1. */
function itemAggregate<Extra>(
  kind: ItemKind,
  decider: Decider<Extra>,
): AggregateDecider<ItemCommand, ItemState<Extra>> {
  return {
    initialState: () => decider.initialState(),
    evolve: (state, event) => decider.evolve(state, event),
    decide(command, state) {
      const decision = decider.decide(command, state);
      if (!decision.ok) return decision;
      const version = state.status === 'none' ? 1 : state.version + 1;
      return {
        ok: true,
        event: { ...decision.event, subject: eventSubject(kind, command.id), version },
      };
    },
  };
}

/** An item's state folded from its history in the log, with that history and its last seq. */
export function loadItem<Extra>(
  bus: Bus,
  decider: Decider<Extra>,
  subject: string,
): Promise<{ state: ItemState<Extra>; history: StoredEvent[]; lastSeq: number }> {
  return loadSubject(bus, decider, subject);
}

/**
 * Handles a command on an item (`handleAggregate` with the kind's decider): a creation decides
 * on the initial state without reading the log (a new uuid); a revision or withdrawal loads the
 * item, decides, and appends expecting the subject's last seq — a concurrent write makes it
 * decide again on the new state (so a stale If-Match → 412) — and a retry with the same
 * `Idempotency-Key` is answered as the first write.
 */
export function handleCommand<Extra>(
  bus: Bus,
  decider: Decider<Extra>,
  input: CommandInput,
): Promise<CommandResult> {
  const { kind, command, idempotency } = input;
  const creation = command.type === 'create';
  return handleAggregate(bus, itemAggregate(kind, decider), {
    kind,
    id: command.id,
    command,
    participant: command.actor.participant,
    idempotency,
    status: creation ? 201 : 200,
    fresh: creation,
  });
}
