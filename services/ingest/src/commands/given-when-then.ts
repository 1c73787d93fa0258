import type { Reader } from '@rcpx/contracts';
import type { Actor, DecidedEvent, Decider, Decision, ItemCommand, ItemState } from './decider.ts';

// Test-only: Given (events of one owner) / When (a command) / Then (a decision) for deciders.

/** An actor of `participant` that reads as its publisher token does. */
export function actor(participant: string): Actor {
  const reader: Reader = { kind: 'participant', participant, role: 'publisher', tokenId: 't' };
  return { participant, reader };
}

/** The state after `events`, written by `owner` one version after the other. */
export function given<Extra>(
  decider: Decider<Extra>,
  owner: string,
  ...events: DecidedEvent[]
): ItemState<Extra> {
  return events.reduce(
    (state, e, i) => decider.evolve(state, { ...e, owner, version: i + 1 }),
    decider.initialState(),
  );
}

/** The decision on `command` given `state`. */
export function when<Extra>(
  decider: Decider<Extra>,
  state: ItemState<Extra>,
  command: ItemCommand,
): Decision {
  return decider.decide(command, state);
}
