import {
  adoptionIdOf,
  canRead,
  EVENT_TYPES,
  routingOf,
  type AdoptionBody,
  type AdoptionRecordedData,
  type AdoptionStage,
  type PracticeData,
  type Visibility,
} from '@rcpx/contracts';
import { eventSubject } from '../../events.ts';
import type { AggregateDecider, AggregateDecision, LoggedEvent } from '../aggregate-handler.ts';
import type { Actor, DomainError, ItemState } from '../decider.ts';
import { adoptionVisibility } from './visibility.ts';

// An adoption: one participant records where it stands with another's practice. One aggregate
// per (practice, adopter) — id `adoptionIdOf(practice, adopter)` — whose records supersede each
// other. The practice (and the adopter's local practice) are loaded by the handler and passed in.

/** A practice as the log says, with its id. */
export interface PracticeAt {
  id: string;
  state: ItemState;
}

/** Record an adoption stage of `practice` by the actor. Body already schema-valid. */
export interface RecordAdoption {
  type: 'record';
  actor: Actor;
  practice: PracticeAt;
  /** Loaded when the body names one. */
  localPractice?: PracticeAt | undefined;
  body: AdoptionBody;
}

/** An adoption: nothing yet, or its adopter, version (number of records) and latest stage. */
export type AdoptionState =
  | { status: 'none' }
  | { status: 'recorded'; adopter: string; version: number; stage: AdoptionStage };

export const initialState = (): AdoptionState => ({ status: 'none' });

const refuseWith = (error: DomainError): AggregateDecision => ({ ok: false, error });

/** A practice's visibility (members-only, the owner alone, when it does not read). */
function visibilityOf(state: Exclude<ItemState, { status: 'none' }>): Visibility {
  return routingOf(state.data).visibility;
}

const invalid = (path: string, message: string): DomainError => ({
  code: 'invalid',
  detail: `${path}: ${message}`,
  errors: [{ path, message }],
});

/** Why the local practice cannot be linked, if it cannot (never telling whose it is). */
function localPracticeError(command: RecordAdoption): DomainError | null {
  const id = command.body.localPractice;
  if (id === undefined) return null;
  const local = command.localPractice?.state;
  if (local === undefined || local.status === 'none' || local.owner !== command.actor.participant) {
    return invalid(
      'body.localPractice',
      `no practice of ${command.actor.participant} has id ${id}`,
    );
  }
  if (local.status === 'withdrawn') {
    return invalid('body.localPractice', `the practice ${id} is withdrawn`);
  }
  return null;
}

/**
 * Records a stage: 404 when the practice does not exist or the adopter may not read it (existence
 * not leaked), 403 when the adopter owns it, 409 when it is withdrawn, 400 when the local
 * practice is not the adopter's own active practice or the visibility would widen the practice's.
 */
export function decide(command: RecordAdoption, state: AdoptionState): AggregateDecision {
  const { actor, practice } = command;
  const p = practice.state;
  if (p.status === 'none' || !canRead(actor.reader, visibilityOf(p), p.owner)) {
    return refuseWith({ code: 'not-found', detail: `No practice ${practice.id}.` });
  }
  if (p.owner === actor.participant) {
    return refuseWith({
      code: 'forbidden',
      detail: `${actor.participant} publishes this practice: only other participants adopt it.`,
    });
  }
  if (p.status === 'withdrawn') {
    return refuseWith({ code: 'withdrawn', detail: `The practice ${practice.id} is withdrawn.` });
  }
  if (state.status === 'recorded' && state.adopter !== actor.participant) {
    return refuseWith({
      code: 'conflict',
      detail: 'This adoption belongs to another participant.',
    });
  }
  const local = localPracticeError(command);
  if (local) return refuseWith(local);
  const vis = adoptionVisibility(
    visibilityOf(p),
    p.owner,
    actor.participant,
    command.body.visibility,
  );
  if (!vis.ok) {
    return refuseWith({
      code: 'invalid',
      detail: `${vis.errors[0]!.path}: ${vis.errors[0]!.message}`,
      errors: vis.errors,
    });
  }
  const data = p.data as PracticeData;
  const { note, localPractice, stage } = command.body;
  const version = state.status === 'none' ? 1 : state.version + 1;
  const event: AdoptionRecordedData = {
    practice: practice.id,
    practiceOwner: p.owner,
    title: data.title,
    stage,
    ...(note !== undefined ? { note } : {}),
    ...(localPractice !== undefined ? { localPractice } : {}),
    themes: data.themes,
    visibility: vis.visibility,
  };
  return {
    ok: true,
    event: {
      type: EVENT_TYPES.practiceAdoptionRecorded,
      data: event,
      subject: eventSubject('adoption', adoptionIdFor(command), practice.id),
      version,
    },
  };
}

/** The adoption after one of its records. */
export function evolve(state: AdoptionState, event: LoggedEvent): AdoptionState {
  if (event.type !== EVENT_TYPES.practiceAdoptionRecorded) return state;
  const data = event.data as AdoptionRecordedData;
  return { status: 'recorded', adopter: event.owner, version: event.version, stage: data.stage };
}

/** The id of the adoption `command` records. */
export const adoptionIdFor = (command: RecordAdoption): string =>
  adoptionIdOf(command.practice.id, command.actor.participant);

/** The adoption's decider, for `handleAggregate`. */
export const adoptionDecider: AggregateDecider<RecordAdoption, AdoptionState> = {
  initialState,
  decide,
  evolve,
};
