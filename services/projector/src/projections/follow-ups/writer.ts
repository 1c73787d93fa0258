import { sql, type Kysely } from 'kysely';
import type { FollowUpReport } from '@rcpx/contracts';
import { copyRows, jsonText, readModels, type Database, type FollowUpOutcomeRow } from '@rcpx/db';
import type { MeetingFollowUps, OutcomeState, ReportRow } from './types.ts';

const OUTCOME_COLUMNS = [
  'id',
  'meeting_id',
  'ref',
  'position',
  'kind',
  'title',
  'text',
  'addressees',
  'due_on',
  'current',
  'tracked',
  'participant',
  'meeting_status',
  'meeting_title',
  'starts_on',
  'themes',
  'vis_level',
  'vis_rcps',
  'latest',
  'last_status',
  'closed',
  'updated_seq',
] as const satisfies readonly (keyof OutcomeState)[];

const REPORT_COLUMNS = [
  'seq',
  'follow_up_id',
  'meeting_id',
  'ref',
  'participant',
  'version',
  'status',
  'text',
  'countries',
  'links',
  'time',
] as const satisfies readonly (keyof ReportRow)[];

// jsonb columns go as JSON text: `copyRows` would send a JS array as a Postgres array and a
// string (an outcome's plain `text`) as it is
const JSONB: ReadonlySet<string> = new Set(['title', 'text', 'meeting_title', 'latest', 'links']);
const cell = (column: string, value: unknown) =>
  JSONB.has(column) && value !== null && value !== undefined
    ? jsonText(JSON.stringify(value))
    : value;

function toState(row: FollowUpOutcomeRow): OutcomeState {
  return {
    ...row,
    position: Number(row.position),
    title: row.title as OutcomeState['title'],
    meeting_title: row.meeting_title as OutcomeState['meeting_title'],
    latest: row.latest as FollowUpReport[],
    updated_seq: Number(row.updated_seq),
  };
}

/** The follow-ups of `meetingIds` as the tables hold them (an empty state when none). */
export async function loadMeetings(
  db: Kysely<Database>,
  schema: string,
  meetingIds: readonly string[],
): Promise<Map<string, MeetingFollowUps>> {
  const out = new Map<string, MeetingFollowUps>();
  if (meetingIds.length === 0) return out;
  const rows = await readModels(db, schema)
    .selectFrom('follow_up_outcomes')
    .select(OUTCOME_COLUMNS.filter((c) => c !== 'due_on'))
    // as text: node-postgres reads a date as a local-time Date
    .select(sql<string | null>`due_on::text`.as('due_on'))
    .where(sql<boolean>`meeting_id = any(${[...meetingIds]}::uuid[])`)
    .execute();
  for (const row of rows) {
    const state = toState(row);
    const id = state.meeting_id;
    let m = out.get(id);
    if (!m) {
      m = { meetingId: id, outcomes: new Map(), reports: [], changed: new Set() };
      out.set(id, m);
    }
    (m.outcomes as Map<string, OutcomeState>).set(state.ref, state);
  }
  return out;
}

/**
 * Writes what a batch changed: the changed outcome rows (those `loaded` had deleted, then all
 * copied in) and the new reports of the history (copied in).
 */
export async function writeMeetings(
  db: Kysely<Database>,
  schema: string,
  meetings: readonly MeetingFollowUps[],
  loaded: ReadonlyMap<string, MeetingFollowUps>,
): Promise<void> {
  const outcomes: OutcomeState[] = [];
  const replaced: string[] = [];
  const reports: ReportRow[] = [];
  for (const m of meetings) {
    const prior = loaded.get(m.meetingId)?.outcomes;
    for (const ref of m.changed) {
      const o = m.outcomes.get(ref)!;
      outcomes.push(o);
      if (prior?.has(ref)) replaced.push(o.id);
    }
    reports.push(...m.reports);
  }
  if (replaced.length > 0) {
    await readModels(db, schema)
      .deleteFrom('follow_up_outcomes')
      .where(sql<boolean>`id = any(${replaced}::uuid[])`)
      .execute();
  }
  if (outcomes.length > 0) {
    await copyRows(
      db,
      { schema, table: 'follow_up_outcomes', columns: OUTCOME_COLUMNS },
      outcomes.map((o) => OUTCOME_COLUMNS.map((c) => cell(c, o[c]))),
    );
  }
  if (reports.length > 0) {
    await copyRows(
      db,
      { schema, table: 'follow_up_reports', columns: REPORT_COLUMNS },
      reports.map((r) => REPORT_COLUMNS.map((c) => cell(c, r[c]))),
    );
  }
}
