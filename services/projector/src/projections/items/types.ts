import { EVENT_TYPES } from '@rcpx/contracts';

/** The event types the items projection folds. */
export const ITEM_EVENT_TYPES: ReadonlySet<string> = new Set([
  EVENT_TYPES.practiceShared,
  EVENT_TYPES.practiceRevised,
  EVENT_TYPES.practiceWithdrawn,
  EVENT_TYPES.meetingOutcomeRecorded,
  EVENT_TYPES.publicationReleased,
]);

type Localized = Partial<Record<'en' | 'fr' | 'es', string>>;

/** The current state of an item: one `<rm>.items` row. */
export interface ItemState {
  id: string;
  kind: string;
  participant: string;
  version: number;
  status: 'active' | 'withdrawn';
  themes: string[];
  countries: string[];
  vis_level: 'public' | 'members' | 'rcps';
  vis_rcps: string[];
  title: Localized;
  summary: Localized | null;
  data: Record<string, unknown>;
  created_seq: number;
  updated_seq: number;
  /** RFC 3339 */
  created_at: string;
  updated_at: string;
}
