import type { ProjectionApplier } from '../../applier.ts';
import { fold } from '../../projection.ts';
import { eventsProjection } from './projection.ts';
import type { EventRecord } from './types.ts';
import { writeEvents } from './writer.ts';

/** Checkpoint `events`: `<rm>.events`, the log mirrored (every valid event, any type). */
export const eventsApplier: ProjectionApplier = {
  name: 'events',
  async apply(trx, schema, events) {
    const mirror = fold(eventsProjection, new Map(), events);
    const records = [...mirror.values()].filter((r): r is EventRecord => r !== undefined);
    await writeEvents(trx, schema, records);
  },
};
