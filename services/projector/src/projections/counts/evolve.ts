import { audiencesOf } from '@rcpx/contracts';
import type { ProjectedEvent } from '../../decode.ts';
import type { ItemState } from '../items/types.ts';
import {
  COUNT_EVENT_TYPES,
  WITHDRAWAL_TYPES,
  type CountCell,
  type CountDimension,
  type CountedItem,
} from './types.ts';

/**
 * The counts projection, per item: what it counts for after `event` (pure). A creation or a
 * revision sets themes and audiences from the event's data; a withdrawal makes it count for
 * nothing, for good.
 */
export function evolve(state: CountedItem | undefined, e: ProjectedEvent): CountedItem | undefined {
  if (!e.known || !COUNT_EVENT_TYPES.has(e.type)) return state;
  if (state && !state.active) return state;
  const participant = state?.participant ?? e.participant;
  const next: CountedItem = {
    kind: state?.kind ?? e.kind,
    participant,
    themes: [...e.themes],
    audiences: audiencesOf(e.visibility, participant),
    active: true,
  };
  if (WITHDRAWAL_TYPES.has(e.type))
    return state ? { ...state, active: false } : { ...next, active: false };
  return next;
}

/** What a stored item counts for (the counts projection's state, read back from `items`). */
export function countedOf(item: ItemState): CountedItem {
  const visibility =
    item.vis_level === 'rcps'
      ? { level: 'rcps' as const, rcps: item.vis_rcps }
      : { level: item.vis_level };
  return {
    kind: item.kind,
    participant: item.participant,
    themes: item.themes,
    audiences: audiencesOf(visibility, item.participant),
    active: item.status === 'active',
  };
}

const SEP = '\u0000';

function bump(deltas: Map<string, number>, cell: string, by: number): void {
  deltas.set(cell, (deltas.get(cell) ?? 0) + by);
}

// adds `by` to every cell the item counts for (none when inactive); no closures, no arrays
function addCells(deltas: Map<string, number>, item: CountedItem | undefined, by: number): void {
  if (!item?.active) return;
  const kind = `kind${SEP}${item.kind}${SEP}`;
  const participant = `participant${SEP}${item.participant}${SEP}`;
  for (const a of item.audiences) {
    bump(deltas, kind + a, by);
    bump(deltas, participant + a, by);
    for (const t of item.themes) bump(deltas, `theme${SEP}${t}${SEP}${a}`, by);
  }
}

/** Adds the change from `before` to `after` of one item into `deltas` (cell → ±n). */
export function addDelta(
  deltas: Map<string, number>,
  before: CountedItem | undefined,
  after: CountedItem | undefined,
): void {
  addCells(deltas, before, -1);
  addCells(deltas, after, 1);
}

/** The non-zero deltas as cells. */
export function toCells(deltas: ReadonlyMap<string, number>): CountCell[] {
  const out: CountCell[] = [];
  for (const [cell, n] of deltas) {
    if (n === 0) continue;
    const [dimension, key, audience] = cell.split(SEP) as [CountDimension, string, string];
    out.push({ dimension, key, audience, n });
  }
  return out;
}
