import { EVENT_TYPES, type AdoptionRecordedData } from '@rcpx/contracts';

/** The event types the adoptions projection folds. */
export const ADOPTION_EVENT_TYPES: ReadonlySet<string> = new Set([
  EVENT_TYPES.practiceAdoptionRecorded,
]);

/** The practice events whose audience and themes the adoptions projection keeps. */
export const PRACTICE_EVENT_TYPES: ReadonlySet<string> = new Set([
  EVENT_TYPES.practiceShared,
  EVENT_TYPES.practiceRevised,
  EVENT_TYPES.practiceWithdrawn,
]);

/** A practice's current audience and themes: a row of `<rm>.adoption_practices`. */
export interface PracticeAudience {
  id: string;
  vis_level: 'public' | 'members' | 'rcps';
  vis_rcps: string[];
  themes: string[];
}

/** One adoption record: a row of `<rm>.adoption_history`, and of `<rm>.adoptions` when latest. */
export interface AdoptionRecord {
  id: string;
  seq: number;
  practice_id: string;
  practice_owner: string;
  participant: string;
  stage: AdoptionRecordedData['stage'];
  note: AdoptionRecordedData['note'] | null;
  local_practice: string | null;
  themes: string[];
  vis_level: 'public' | 'members' | 'rcps';
  vis_rcps: string[];
  version: number;
  time: string;
}

/**
 * An adoption as the batch leaves it: its latest record, every record of the batch (history),
 * and when it was first recorded if the batch did it (`created`: else the table keeps it).
 */
export interface AdoptionState {
  latest: AdoptionRecord;
  records: AdoptionRecord[];
  created?: string;
}
