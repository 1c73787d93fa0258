import { subjectFor, type Bus } from '@rcpx/bus';
import type { AdoptionBody } from '@rcpx/contracts';
import type { Idempotency } from '../../idempotency.ts';
import { handleAggregate } from '../aggregate-handler.ts';
import type { Actor } from '../decider.ts';
import type { CommandResult } from '../handler.ts';
import { loadItem } from '../handler.ts';
import * as practice from '../practice/decide.ts';
import { adoptionDecider, adoptionIdFor, type RecordAdoption } from './decide.ts';

/** How often a record is decided again when another record of the same adopter lands first. */
const RETRIES = 20;

/** What a record needs: the practice, who records, the body and the request's idempotency. */
export interface RecordAdoptionInput {
  practiceId: string;
  actor: Actor;
  body: AdoptionBody;
  idempotency: Idempotency | undefined;
}

/**
 * Records an adoption stage: loads the practice (and the local practice) from the log, then
 * hands the command to `handleAggregate` on the adoption's subject. Another record of the same
 * adopter landing first is no conflict (there is no If-Match: the later record supersedes): it
 * decides again on the new state.
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
  return handleAggregate(bus, adoptionDecider, {
    kind: 'adoption',
    id: adoptionIdFor(command),
    command,
    participant: actor.participant,
    idempotency,
    status: 201,
    retries: RETRIES,
  });
}
