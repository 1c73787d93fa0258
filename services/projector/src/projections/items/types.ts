import { ITEM_EVENT_TYPES as ITEM_TYPES } from '@rcpx/contracts';
import type { ItemRow } from '@rcpx/db';

/** The event types the items projection folds. */
export const ITEM_EVENT_TYPES: ReadonlySet<string> = new Set(ITEM_TYPES);

type Localized = Partial<Record<'en' | 'fr' | 'es', string>>;

/**
 * The current state of an item: one `<rm>.items` row (`ItemRow`, so a column added to the table
 * must be added here), with its JSON columns typed and its times as RFC 3339 strings.
 */
export type ItemState = Omit<
  ItemRow,
  'title' | 'summary' | 'data' | 'created_at' | 'updated_at'
> & {
  title: Localized;
  summary: Localized | null;
  data: Record<string, unknown>;
  created_at: string;
  updated_at: string;
};
