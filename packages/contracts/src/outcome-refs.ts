import type { Outcome } from './events.ts';

/**
 * Gives every outcome without a `ref` the first free `r<n>` (n = 1, 2, …): one neither given to
 * another outcome of the list nor ever used in this meeting (`used`), so a ref is never reused
 * for another outcome. Outcomes keep the refs they have. (A meeting recorded before refs reads
 * with the refs its first revision gives it: `assignRefs(outcomes, ∅)`.)
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
