import type { Projection } from '../../projection.ts';
import { evolve } from './evolve.ts';
import type { EventRecord } from './types.ts';

/** `<rm>.events`, keyed by seq; handles every type, future ones included. */
export const eventsProjection: Projection<EventRecord> = {
  name: 'events',
  types: '*',
  keyOf: (e) => String(e.seq),
  evolve,
};
