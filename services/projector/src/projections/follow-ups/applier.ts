import { EVENT_TYPES } from '@rcpx/contracts';
import type { ProjectionApplier } from '../../applier.ts';
import { fold } from '../../projection.ts';
import { followUpsProjection } from './projection.ts';
import { FOLLOW_UP_EVENT_TYPES, type MeetingFollowUps } from './types.ts';
import { loadMeetings, writeMeetings } from './writer.ts';

/**
 * Checkpoint `follow-ups`: loads the outcomes of the meetings the batch touches but does not
 * create (one query), folds the batch, writes the outcomes it changed and the reports it adds.
 */
export const followUpsApplier: ProjectionApplier = {
  name: 'follow-ups',
  types: FOLLOW_UP_EVENT_TYPES,
  async apply(trx, schema, events) {
    // only a meeting's own events make outcome rows: one first recorded in this batch (version
    // 1 is the first event on its subject) has none in the tables yet
    const ids = new Set<string>();
    const created = new Set<string>();
    for (const e of events) {
      const id = followUpsProjection.keyOf(e);
      if (e.type === EVENT_TYPES.meetingOutcomeRecorded && e.version === 1 && !ids.has(id)) {
        created.add(id);
      } else if (!created.has(id)) ids.add(id);
    }
    const loaded = await loadMeetings(trx, schema, [...ids]);
    const after = fold(followUpsProjection, loaded, events);
    const changed = [...after.values()].filter((m): m is MeetingFollowUps => m !== undefined);
    await writeMeetings(trx, schema, changed, loaded);
  },
};
