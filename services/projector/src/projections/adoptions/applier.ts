import type { ProjectionApplier } from '../../applier.ts';
import { fold } from '../../projection.ts';
import { adoptionsProjection } from './projection.ts';
import type { AdoptionState } from './types.ts';
import { writeAdoptions } from './writer.ts';

/**
 * Checkpoint `adoptions`: `<rm>.adoptions` (the latest record of each adopter of each practice)
 * and `<rm>.adoption_history` (every record). Needs no prior state: a record replaces the
 * adoption's row whole.
 */
export const adoptionsApplier: ProjectionApplier = {
  name: 'adoptions',
  async apply(trx, schema, events) {
    const states = fold(adoptionsProjection, new Map(), events);
    const changed = [...states.values()].filter((s): s is AdoptionState => s !== undefined);
    if (changed.length > 0) await writeAdoptions(trx, schema, changed);
  },
};
