import { WITHDRAWN_TYPES, intersectVisibility, type Visibility } from '@rcpx/contracts';
import type { ProjectedEvent } from '../../decode.ts';
import { ITEM_EVENT_TYPES } from '../items/types.ts';
import type { EventRecord } from './types.ts';

/**
 * An item's current audience as the events projection knows it: the visibility of its latest
 * event that states the item (the items projection's types), and whether that event withdrew
 * it (a withdrawn item is final, as in the items projection: later events change nothing).
 */
export interface CurrentAudience {
  readonly visibility: Visibility;
  readonly final: boolean;
}

/** A withdrawal: the item's state, and so its audience, is final from then on. */
const WITHDRAWALS: ReadonlySet<string> = new Set(WITHDRAWN_TYPES);

/** Whether an event of `type` states its item's visibility (a valid known item event). */
export const statesItem = (type: string): boolean => ITEM_EVENT_TYPES.has(type);

/** The audience after `event`, from `prior`. */
function next(prior: CurrentAudience | undefined, e: ProjectedEvent): CurrentAudience | undefined {
  if (!e.known || !statesItem(e.type) || prior?.final) return prior;
  return { visibility: e.visibility, final: WITHDRAWALS.has(e.type) };
}

/** `type` is a withdrawal (stored audiences carry their type). */
export const isWithdrawal = (type: string): boolean => WITHDRAWALS.has(type);

/**
 * The items of `events` whose current audience must be read from the table first: all but those
 * whose first event in the batch creates them (a known item event at version 1 is the first on
 * its subject: the log's optimistic concurrency guarantees nothing came before it).
 */
export function itemsToLoad(events: readonly ProjectedEvent[]): string[] {
  const seen = new Set<string>();
  const load: string[] = [];
  for (const e of events) {
    if (seen.has(e.itemId)) continue;
    seen.add(e.itemId);
    if (!(e.known && statesItem(e.type) && e.version === 1)) load.push(e.itemId);
  }
  return load;
}

/** The current audience of every item of `events` after them (undefined: none stated yet). */
export function audiencesAfter(
  loaded: ReadonlyMap<string, CurrentAudience>,
  events: readonly ProjectedEvent[],
): Map<string, CurrentAudience | undefined> {
  const out = new Map<string, CurrentAudience | undefined>();
  for (const e of events) {
    const prior = out.has(e.itemId) ? out.get(e.itemId) : loaded.get(e.itemId);
    out.set(e.itemId, next(prior, e));
  }
  return out;
}

/** The visibility columns of `v`. */
export function visibilityColumns(v: Visibility): Pick<EventRecord, 'vis_level' | 'vis_rcps'> {
  return { vis_level: v.level, vis_rcps: v.level === 'rcps' ? [...v.rcps] : [] };
}

/** Whether two visibilities admit the same readers. */
export function sameAudience(a: Visibility, b: Visibility): boolean {
  if (a.level !== b.level) return false;
  if (a.level !== 'rcps' || b.level !== 'rcps') return true;
  return a.rcps.length === b.rcps.length && a.rcps.every((p) => b.rcps.includes(p));
}

/** The visibility an event is served under: its own, narrowed by its item's current one. */
export function servedUnder(own: Visibility, current: CurrentAudience | undefined): Visibility {
  return current === undefined ? own : intersectVisibility(own, current.visibility);
}
