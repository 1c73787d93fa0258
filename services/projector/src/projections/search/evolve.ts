import type { ProjectedEvent } from '../../decode.ts';
import { titleOf } from '../items/evolve.ts';
import { textsOf } from './texts.ts';
import {
  REVISION_TYPES,
  SEARCH_EVENT_TYPES,
  TEXT_FIELDS,
  type SearchRow,
  type SearchState,
} from './types.ts';

/** Whether a revision's `changed` names a field of the text (anything else: yes, to be safe). */
function changesText(changed: unknown): boolean {
  return !Array.isArray(changed) || changed.some((f) => TEXT_FIELDS.has(f as string));
}

function rowOf(e: ProjectedEvent): SearchRow {
  return { id: e.itemId, title: titleOf(e.kind, e.data), ...textsOf(e.kind, e.data) };
}

/**
 * The search projection, per item: its searchable text after `event` (pure). A creation writes
 * it from the event's data; a `<kind>.revised` whose `changed` names a text field (title,
 * summary, body, contact, links; a meeting's meeting and outcomes) rewrites it from the full new state; anything else — a
 * withdrawal, a revision of themes or visibility only — leaves it as it is.
 */
export function evolve(state: SearchState | undefined, e: ProjectedEvent): SearchState | undefined {
  if (!e.known || !SEARCH_EVENT_TYPES.has(e.type)) return state;
  if (!REVISION_TYPES.has(e.type)) return { row: rowOf(e) };
  if (!changesText(e.data.changed)) return state;
  return { row: rowOf(e) };
}
