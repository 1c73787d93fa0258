import { EVENT_TYPES, PracticeData } from '@rcpx/contracts';
import { itemDecider, type ItemRules } from '../item-rules.ts';

/** A good practice: shared, revised, withdrawn. */
export const practiceRules: ItemRules<null> = {
  kind: 'practice',
  types: {
    created: EVENT_TYPES.practiceShared,
    revised: EVENT_TYPES.practiceRevised,
    withdrawn: EVENT_TYPES.practiceWithdrawn,
  },
  schema: PracticeData,
  titleOf: (data) => (data as PracticeData).title,
  initialExtra: () => null,
};

/** What a command on a practice decides, and a practice after an event. */
export const { decide, evolve, initialState } = itemDecider(practiceRules);
