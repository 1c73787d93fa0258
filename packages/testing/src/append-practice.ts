import { randomUUID } from 'node:crypto';
import { append, subjectFor } from '@rcpx/bus';
import type { Bus } from '@rcpx/bus';
import { eventSubject, sourceOf, type NewEvent } from '@rcpx/contracts';

export interface PracticeEventSpec {
  participant: string;
  /** The event's data as is (tests choose their `title`, `themes`, `visibility`…). */
  data: Record<string, unknown>;
  /** Default `org.rcpx.practice.shared`. */
  type?: string;
  /** Default a new uuid. */
  itemId?: string;
  /** The item's version this event makes (`rcpxversion`), default 1. */
  version?: number;
}

/** Appends a practice event (version 1 unless said) straight to the log, past ingest; its id, seq and item. */
export async function appendPracticeEvent(
  bus: Bus,
  spec: PracticeEventSpec,
): Promise<{ id: string; seq: number; itemId: string }> {
  const itemId = spec.itemId ?? randomUUID();
  const event: NewEvent = {
    specversion: '1.0',
    id: randomUUID(),
    source: sourceOf(spec.participant),
    type: spec.type ?? 'org.rcpx.practice.shared',
    subject: eventSubject('practice', itemId),
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    rcpxversion: spec.version ?? 1,
    data: spec.data,
  };
  const { seq } = await append(bus, subjectFor(bus, 'practice', itemId), event);
  return { id: event.id, seq, itemId };
}
