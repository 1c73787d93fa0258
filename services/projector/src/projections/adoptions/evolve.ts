import type { AdoptionRecordedData } from '@rcpx/contracts';
import type { ProjectedEvent } from '../../decode.ts';
import type { AdoptionRecord, AdoptionState } from './types.ts';

/** The record an `adoption.recorded` event makes. */
export function recordOf(e: ProjectedEvent): AdoptionRecord {
  const data = e.data as AdoptionRecordedData;
  const vis = e.visibility;
  return {
    id: e.itemId,
    seq: e.seq,
    practice_id: data.practice,
    practice_owner: data.practiceOwner,
    participant: e.participant,
    stage: data.stage,
    note: data.note ?? null,
    local_practice: data.localPractice ?? null,
    themes: [...e.themes],
    vis_level: vis.level,
    vis_rcps: vis.level === 'rcps' ? [...vis.rcps] : [],
    version: e.version,
    time: e.time,
  };
}

/**
 * An adoption after a record: the adopter's later record supersedes the earlier one (by seq: the
 * log's order is the order the adopter's records were accepted in); every record is history.
 */
export function evolve(state: AdoptionState | undefined, e: ProjectedEvent): AdoptionState {
  const record = recordOf(e);
  if (state === undefined) return { latest: record, records: [record], created: record.time };
  if (state.records.some((r) => r.seq === record.seq)) return state;
  const latest = record.seq > state.latest.seq ? record : state.latest;
  return { ...state, latest, records: [...state.records, record] };
}
