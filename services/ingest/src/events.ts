import { randomUUID } from 'node:crypto';
import { sourceOf, type NewEvent } from '@rcpx/contracts';

// The log's grammar (sources, subjects) is `@rcpx/contracts`' (`event-grammar.ts`); re-exported
// here for the ingest code that builds events.
export { eventSubject, parseEventSubject, sourceOf } from '@rcpx/contracts';

/** The fields that vary between the events the ingest service writes. */
export interface EventSpec {
  participant: string;
  type: string;
  /**
   * The CloudEvent subject: `eventSubject(kind, id)` for an item, `eventSubject(kind, id,
   * parentId)` for a nested kind (`queries/<q>/replies/<r>`).
   */
  subject: string;
  version: number;
  data: Record<string, unknown>;
}

/** A CloudEvent ready to append (the log assigns `rcpxseq`). */
export function buildEvent(spec: EventSpec): NewEvent {
  return {
    specversion: '1.0',
    id: randomUUID(),
    source: sourceOf(spec.participant),
    type: spec.type,
    subject: spec.subject,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    rcpxversion: spec.version,
    data: spec.data,
  };
}
