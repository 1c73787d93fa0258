import { randomUUID } from 'node:crypto';
import { eventSubject, itemPath, sourceOf, type EventKind, type NewEvent } from '@rcpx/contracts';

/** Where an aggregate is read back: `/v1/<collection>/<id>` (`itemPath`). */
export const locationOf = itemPath;

/** The fields that vary between the events the ingest service writes. */
export interface EventSpec {
  participant: string;
  type: string;
  kind: EventKind;
  id: string;
  /** The item a nested kind lives in (a practice for an adoption, …); see `eventSubject`. */
  parentId?: string;
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
    subject: eventSubject(spec.kind, spec.id, spec.parentId),
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    rcpxversion: spec.version,
    data: spec.data,
  };
}
