import type { Outcome } from '@rcpx/contracts';

/**
 * Gives every outcome without a `ref` the first free `r<n>` (n = 1, 2, …): one neither given to
 * another outcome of the list nor ever used in this meeting (`used`), so a ref is never reused
 * for another outcome. Outcomes keep the refs they have.
 */
export function assignRefs(outcomes: readonly Outcome[], used: ReadonlySet<string>): Outcome[] {
  const taken = new Set(used);
  for (const o of outcomes) if (o.ref !== undefined) taken.add(o.ref);
  let n = 0;
  const next = (): string => {
    let ref: string;
    do ref = `r${++n}`;
    while (taken.has(ref));
    taken.add(ref);
    return ref;
  };
  return outcomes.map(({ ref, ...rest }) => ({ ref: ref ?? next(), ...rest }));
}

/** The refs of the outcomes of a meeting's data (none when it has no list). */
export function refsOf(data: Record<string, unknown>): string[] {
  const outcomes = data['outcomes'];
  if (!Array.isArray(outcomes)) return [];
  return outcomes
    .map((o) => (o as { ref?: unknown }).ref)
    .filter((r): r is string => typeof r === 'string');
}
