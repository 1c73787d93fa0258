import type { CloudEvent } from '@rcpx/contracts';
import type { EventRow } from '@rcpx/db';

/**
 * One `<rm>.events` row (`EventRow`): the log mirrored, routing fields from the event's own data,
 * the envelope typed and the time as an RFC 3339 string.
 */
export type EventRecord = Omit<EventRow, 'time' | 'envelope'> & {
  /** The item it is nested in (a sub-aggregate's event: an adoption's practice), else null. */
  parent_id: string | null;
  time: string;
  envelope: CloudEvent;
  /** `envelope` as the log's JSON text, when known: written instead of stringifying it. */
  json?: string;
};
