import type { ProjectionApplier } from './applier.ts';

/** Transactions a batch is applied in, side by side, at most (`ApplyBatchOptions.lanes`). */
export const DEFAULT_LANES = 3;

/**
 * Splits `appliers` into at most `max` groups, one transaction each: the projections that read
 * the most events of the batch (`relevant`: the events each reads) each alone (their writes run on separate connections, so Postgres
 * works on several cores and Node encodes one while Postgres writes another), the others —
 * including those with nothing to apply, whose checkpoint rows still move — together in the last.
 */
export function lanesOf(
  appliers: readonly ProjectionApplier[],
  relevant: ReadonlyMap<ProjectionApplier, readonly unknown[]>,
  max: number,
): ProjectionApplier[][] {
  const lanes = Math.max(1, Math.floor(max));
  if (lanes === 1 || appliers.length <= 1) return [[...appliers]];
  const load = new Map(appliers.map((a) => [a, relevant.get(a)?.length ?? 0]));
  const busiest = appliers
    .filter((a) => load.get(a)! > 0)
    .sort((a, b) => load.get(b)! - load.get(a)!)
    .slice(0, lanes - 1);
  const rest = appliers.filter((a) => !busiest.includes(a));
  const out = busiest.map((a) => [a]);
  if (rest.some((a) => load.get(a)! > 0) || out.length === 0) out.push(rest);
  else if (rest.length > 0) out[out.length - 1]!.push(...rest); // nothing to apply: rows only
  return out;
}
