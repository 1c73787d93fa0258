import type { ProjectedEvent } from '../../decode.ts';
import type { EventRecord } from './types.ts';

/**
 * The events projection: every event (known or not) becomes the mirror entry of its seq. The log
 * is immutable, so an entry already there stays as it is.
 */
export function evolve(state: EventRecord | undefined, e: ProjectedEvent): EventRecord {
  if (state) return state;
  return {
    seq: e.seq,
    id: e.envelope.id,
    type: e.type,
    kind: e.kind,
    item_id: e.itemId,
    participant: e.participant,
    themes: [...e.themes],
    vis_level: e.visibility.level,
    vis_rcps: e.visibility.level === 'rcps' ? [...e.visibility.rcps] : [],
    time: e.time,
    envelope: e.envelope,
    parent_id: e.parentId ?? null,
    ...(e.json === undefined ? {} : { json: e.json }),
  };
}
