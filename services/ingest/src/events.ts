import { randomUUID } from 'node:crypto';
import type { ItemKind, NewEvent } from '@rcpx/contracts';

/** The CloudEvent `subject` of an aggregate: `practices/<id>`, `meetings/<id>`, … */
export function eventSubject(kind: ItemKind, id: string): string {
  return `${kind}s/${id}`;
}

/**
 * The aggregate an event `subject` names (`<kind>s/<id>`, or a sub-aggregate's
 * `<kind>s/<id>/<sub>s/<subId>`: the last one), or null when it is neither.
 */
export function parseEventSubject(subject: string): { kind: string; id: string } | null {
  const m = /^([a-z][a-z0-9-]*)s\/([^/]+)(?:\/([a-z][a-z0-9-]*)s\/([^/]+))?$/.exec(subject);
  if (!m) return null;
  return m[3] !== undefined ? { kind: m[3], id: m[4]! } : { kind: m[1]!, id: m[2]! };
}

/** The CloudEvent `subject` of an adoption: `practices/<practice>/adoptions/<adoption>`. */
export function adoptionSubject(practiceId: string, adoptionId: string): string {
  return `practices/${practiceId}/adoptions/${adoptionId}`;
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
