import type { Selectable } from 'kysely';
import { EVENT_TYPES, REVISED_TYPES } from '@rcpx/contracts';
import type { ItemSearchTable } from '@rcpx/db';

/** The event types that create an item: its text is written whole. */
export const CREATION_TYPES: ReadonlySet<string> = new Set([
  EVENT_TYPES.practiceShared,
  EVENT_TYPES.meetingOutcomeRecorded,
  EVENT_TYPES.publicationReleased,
]);

/** The event types the search projection folds (a withdrawal leaves the text as it is). */
export const SEARCH_EVENT_TYPES: ReadonlySet<string> = new Set([
  ...CREATION_TYPES,
  ...REVISED_TYPES,
]);

/** The event types that revise an item: its text is rewritten when a text field changed. */
export const REVISION_TYPES: ReadonlySet<string> = new Set(REVISED_TYPES);

/** The fields of an item its searchable text is made of (`textsOf`), of every kind. */
export const TEXT_FIELDS: ReadonlySet<string> = new Set([
  'title',
  'summary',
  'body',
  'contact',
  'links',
  'meeting',
  'outcomes',
]);

type Localized = Partial<Record<'en' | 'fr' | 'es', string>>;

/** One `<rm>.item_search` row (minus the generated `search`), its title typed. */
export type SearchRow = Omit<Selectable<ItemSearchTable>, 'search' | 'title'> & {
  title: Localized;
};

/** An item's searchable text after a batch. */
export interface SearchState {
  row: SearchRow;
}
