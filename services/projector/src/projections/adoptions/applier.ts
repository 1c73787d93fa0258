import { typesOf, type ProjectionApplier } from '../../applier.ts';
import { fold } from '../../projection.ts';
import { practiceAudiences } from './practice-audience.ts';
import { adoptionsProjection } from './projection.ts';
import { ADOPTION_EVENT_TYPES, PRACTICE_EVENT_TYPES, type AdoptionState } from './types.ts';
import { writeAdoptions, writePracticeAudiences } from './writer.ts';

/**
 * Checkpoint `adoptions`: `<rm>.adoptions` (the latest record of each adopter of each practice,
 * with the practice's current audience and themes), `<rm>.adoption_history` (every record) and
 * `<rm>.adoption_practices` (every practice's audience and themes). Practice and adoption events
 * are applied here, in seq order in one transaction: a row never holds another projection's view
 * of the practice. Needs no prior state: a record replaces the adoption's row whole.
 */
export const adoptionsApplier: ProjectionApplier = {
  name: 'adoptions',
  types: typesOf(ADOPTION_EVENT_TYPES, PRACTICE_EVENT_TYPES),
  async apply(trx, schema, events) {
    const audiences = practiceAudiences(events);
    if (audiences.size > 0) await writePracticeAudiences(trx, schema, [...audiences.values()]);
    const states = fold(adoptionsProjection, new Map(), events);
    const changed = [...states.values()].filter((s): s is AdoptionState => s !== undefined);
    if (changed.length > 0) await writeAdoptions(trx, schema, changed);
  },
};
