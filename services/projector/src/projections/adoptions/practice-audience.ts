import type { ProjectedEvent } from '../../decode.ts';
import { PRACTICE_EVENT_TYPES, type PracticeAudience } from './types.ts';

/**
 * The audience and themes each practice of a batch (seq order) is left with: those of its last
 * practice event (each carries the practice's whole audience and themes, a withdrawal too).
 */
export function practiceAudiences(
  events: readonly ProjectedEvent[],
): Map<string, PracticeAudience> {
  const out = new Map<string, PracticeAudience>();
  for (const e of events) {
    if (!e.known || e.kind !== 'practice' || !PRACTICE_EVENT_TYPES.has(e.type)) continue;
    const vis = e.visibility;
    out.set(e.itemId, {
      id: e.itemId,
      vis_level: vis.level,
      vis_rcps: vis.level === 'rcps' ? [...vis.rcps] : [],
      themes: [...e.themes],
    });
  }
  return out;
}
