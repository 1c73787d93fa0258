import { randomUUID } from 'node:crypto';
import type { ItemKind, NewEvent } from '@rcpx/contracts';

/** The CloudEvent `subject` of an aggregate: `practices/<id>`, `meetings/<id>`, … */
export function eventSubject(kind: ItemKind, id: string): string {
  return `${kind}s/${id}`;
}

/**
 * The id of what an event `subject` names — the last id of `<collection>/<id>` or
 * `<collection>/<id>/<subcollection>/<id>` — or null when it has neither shape.
 */
export function itemIdOfSubject(subject: string): string | null {
  const m = /^[a-z][a-z0-9-]*\/[^/]+(?:\/[a-z][a-z0-9-]*\/[^/]+)?$/.exec(subject);
  return m ? subject.slice(subject.lastIndexOf('/') + 1) : null;
}

/** The CloudEvent `source` of a participant: `/participants/<slug>`. */
export function sourceOf(participant: string): string {
  return `/participants/${participant}`;
}

/** The fields that vary between the events the ingest service writes. */
export interface EventSpec {
  participant: string;
  type: string;
  /** The CloudEvent subject (`eventSubject(kind, id)` for an item). */
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
