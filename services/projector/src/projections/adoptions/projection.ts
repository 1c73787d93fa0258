import type { Projection } from '../../projection.ts';
import { evolve } from './evolve.ts';
import { ADOPTION_EVENT_TYPES, type AdoptionState } from './types.ts';

/** `<rm>.adoptions` and `<rm>.adoption_history`, keyed by adoption id (practice + adopter). */
export const adoptionsProjection: Projection<AdoptionState> = {
  name: 'adoptions',
  types: ADOPTION_EVENT_TYPES,
  keyOf: (e) => e.itemId,
  evolve,
};
