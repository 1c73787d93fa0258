import { EVENT_TYPES, REVISED_TYPES, WITHDRAWN_TYPES } from '@rcpx/contracts';
import type { CountsTable } from '@rcpx/db';

/** The event types that change what an item counts for. */
export const COUNT_EVENT_TYPES: ReadonlySet<string> = new Set([
  EVENT_TYPES.practiceShared,
  EVENT_TYPES.meetingOutcomeRecorded,
  EVENT_TYPES.publicationReleased,
  ...REVISED_TYPES,
  ...WITHDRAWN_TYPES,
]);

/** The event types after which an item counts for nothing, for good. */
export const WITHDRAWAL_TYPES: ReadonlySet<string> = new Set(WITHDRAWN_TYPES);

/** What one item counts for: its dimensions and audience keys, while active. */
export interface CountedItem {
  kind: string;
  participant: string;
  themes: string[];
  /** `audiencesOf(visibility, participant)` */
  audiences: string[];
  active: boolean;
}

/** One `<rm>.counts` cell, or a change to it. */
export type CountCell = CountsTable;
export type CountDimension = CountCell['dimension'];
