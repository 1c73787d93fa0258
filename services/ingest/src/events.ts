import { randomUUID } from 'node:crypto';
import type { ItemKind, NewEvent } from '@rcpx/contracts';

/** The CloudEvent `subject` of an aggregate: `practices/<id>`, `meetings/<id>`, … */
export function eventSubject(kind: ItemKind, id: string): string {
  return `${kind}s/${id}`;
}

/** The aggregate an event `subject` names, or null when it is not `<kind>s/<id>`. */
export function parseEventSubject(subject: string): { kind: string; id: string } | null {
  const m = /^([a-z][a-z0-9-]*)s\/([^/]+)$/.exec(subject);
  return m ? { kind: m[1]!, id: m[2]! } : null;
}

/** The CloudEvent `source` of a participant: `/participants/<slug>`. */
export function sourceOf(participant: string): string {
  return `/participants/${participant}`;
}

/** Where an aggregate is read back: `/v1/<kind>s/<id>`. */
export function locationOf(kind: string, id: string): string {
  return `/v1/${kind}s/${id}`;
}

/** The fields that vary between the events the ingest service writes. */
export interface EventSpec {
  participant: string;
  type: string;
  kind: ItemKind;
  id: string;
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
    subject: eventSubject(spec.kind, spec.id),
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    rcpxversion: spec.version,
    data: spec.data,
  };
}
