import type { ProjectionApplier } from '../../applier.ts';
import { fold, handles } from '../../projection.ts';
import { followUpsProjection } from './projection.ts';
import type { MeetingFollowUps } from './types.ts';
import { loadMeetings, writeMeetings } from './writer.ts';

/**
 * Checkpoint `follow-ups`: loads the outcomes of the meetings the batch touches (one query),
 * folds the batch, writes the outcomes it changed and the reports it adds.
 */
export const followUpsApplier: ProjectionApplier = {
  name: 'follow-ups',
  async apply(trx, schema, events) {
    const ids = new Set<string>();
    for (const e of events)
      if (handles(followUpsProjection, e)) ids.add(followUpsProjection.keyOf(e));
    if (ids.size === 0) return;
    const loaded = await loadMeetings(trx, schema, [...ids]);
    const after = fold(followUpsProjection, loaded, events);
    const changed = [...after.values()].filter((m): m is MeetingFollowUps => m !== undefined);
    await writeMeetings(trx, schema, changed);
  },
};
