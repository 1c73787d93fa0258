import { sql, type Kysely } from 'kysely';
import { routingOf, visibilityOfColumns, type Visibility } from '@rcpx/contracts';
import type { Database } from '@rcpx/db';
import { ITEM_EVENT_TYPES } from '../items/types.ts';
import {
  isWithdrawal,
  sameAudience,
  servedUnder,
  servedUnderParent,
  visibilityColumns,
  type CurrentAudience,
} from './audience.ts';

/**
 * The current audience of `ids` as mirrored so far: the visibility columns of each item's
 * latest row of an item-stating type (that row is served under its own visibility, which is
 * the item's). Items with none are left out. One query: a backward scan of `events_item` per
 * item, stopping at its first item-stating row (`offset 0` keeps the type test out of the
 * scan, else the planner may AND in `events_type`: a hundred times slower), without JIT (its
 * compile time dwarfs the query).
 */
export async function loadAudiences(
  db: Kysely<Database>,
  schema: string,
  ids: readonly string[],
): Promise<Map<string, CurrentAudience>> {
  const out = new Map<string, CurrentAudience>();
  if (ids.length === 0) return out;
  const events = sql.table(`${schema}.events`);
  await sql`set local jit = off`.execute(db);
  const { rows } = await sql<{
    item_id: string;
    type: string;
    participant: string;
    vis_level: string;
    vis_rcps: string[];
  }>`
    select i.id as item_id, l.type, l.participant, l.vis_level, l.vis_rcps
    from unnest(${[...ids]}::uuid[]) as i(id)
    cross join lateral (
      select x.type, x.participant, x.vis_level, x.vis_rcps from (
        select e.type, e.participant, e.vis_level, e.vis_rcps from ${events} e
        where e.item_id = i.id order by e.seq desc offset 0
      ) x
      where x.type = any(${[...ITEM_EVENT_TYPES]}::text[])
      limit 1
    ) l`.execute(db);
  for (const r of rows) {
    out.set(r.item_id, {
      visibility: visibilityOfColumns(r.vis_level, r.vis_rcps),
      final: isWithdrawal(r.type),
      owner: r.participant,
    });
  }
  return out;
}

/** An event's own visibility from its stored data, as the projector decoded it. */
function ownVisibility(themes: unknown, visibility: unknown): Visibility {
  return routingOf({ themes, visibility }).visibility;
}

/** A mirrored row as `reserve` reads it: `key` is the item (or parent) it was found by. */
interface MirroredRow {
  seq: string;
  key: string;
  participant: string;
  vis_level: string;
  vis_rcps: string[];
  themes: unknown;
  visibility: unknown;
}

/**
 * Serves the rows already mirrored whose `column` (`item_id`, or `parent_id`) is a key of
 * `changed` under `serve(own visibility, row, new audience)`: one indexed select, then one UPDATE
 * of the rows whose columns change.
 */
async function reserve(
  db: Kysely<Database>,
  schema: string,
  changed: ReadonlyMap<string, CurrentAudience>,
  column: 'item_id' | 'parent_id',
  serve: (own: Visibility, row: MirroredRow, audience: CurrentAudience | undefined) => Visibility,
): Promise<number> {
  if (changed.size === 0) return 0;
  const events = sql.table(`${schema}.events`);
  const key = sql.ref(`e.${column}`);
  const { rows } = await sql<MirroredRow>`
    select e.seq, ${key} as key, e.participant, e.vis_level, e.vis_rcps,
      e.envelope->'data'->'themes' as themes, e.envelope->'data'->'visibility' as visibility
    from ${events} e
    where ${key} = any(${[...changed.keys()]}::uuid[])`.execute(db);
  const updates: { seq: string; vis_level: string; vis_rcps: string[] }[] = [];
  for (const r of rows) {
    const served = serve(ownVisibility(r.themes, r.visibility), r, changed.get(r.key));
    if (sameAudience(served, visibilityOfColumns(r.vis_level, r.vis_rcps))) continue;
    updates.push({ seq: r.seq, ...visibilityColumns(served) });
  }
  if (updates.length === 0) return 0;
  // one statement for every row whose columns change
  const result = await sql`
    update ${events} e set vis_level = u.vis_level, vis_rcps = u.vis_rcps
    from jsonb_to_recordset(${JSON.stringify(updates)}::jsonb)
      as u(seq bigint, vis_level text, vis_rcps text[])
    where e.seq = u.seq`.execute(db);
  return Number(result.numAffectedRows ?? 0n);
}

/**
 * Serves the rows already mirrored of each item in `changed` under its new current audience:
 * each row's own visibility (from its data) narrowed by it. Rare: only a change of an item's
 * visibility gets here.
 */
export function reserveHistory(
  db: Kysely<Database>,
  schema: string,
  changed: ReadonlyMap<string, CurrentAudience>,
): Promise<number> {
  return reserve(db, schema, changed, 'item_id', (own, _row, audience) =>
    servedUnder(own, audience),
  );
}

/**
 * Serves the rows already mirrored of the sub-aggregates of each parent in `changed` (an
 * adoption of a practice whose audience changed) under the parent's new audience (found by the
 * index `events_parent_id`); the author of each keeps it.
 */
export function reserveChildren(
  db: Kysely<Database>,
  schema: string,
  changed: ReadonlyMap<string, CurrentAudience>,
): Promise<number> {
  return reserve(db, schema, changed, 'parent_id', (own, row, audience) =>
    servedUnderParent(own, row.participant, audience),
  );
}

/** Whether `after` serves the item's history differently from `before`. */
export function audienceChanged(
  before: CurrentAudience | undefined,
  after: CurrentAudience | undefined,
): boolean {
  if (after === undefined) return false;
  return before === undefined || !sameAudience(before.visibility, after.visibility);
}
