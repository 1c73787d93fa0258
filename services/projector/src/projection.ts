import type { ProjectedEvent } from './decode.ts';

/**
 * A projection: the event types it handles and a pure `evolve` of the state kept under a key
 * (an item id, a seq…). `fold` runs it over a batch; a writer per projection persists the result.
 */
export interface Projection<S> {
  readonly name: string;
  /** Event types it handles; `'*'` for every event. */
  readonly types: ReadonlySet<string> | '*';
  keyOf(event: ProjectedEvent): string;
  evolve(state: S | undefined, event: ProjectedEvent): S | undefined;
}

export function handles(p: Projection<unknown>, event: ProjectedEvent): boolean {
  return p.types === '*' || (event.known && p.types.has(event.type));
}

/**
 * Folds `events` (seq order) through `p`, starting from `initial` (left untouched). Returns the
 * new state of every key an event touched.
 */
export function fold<S>(
  p: Projection<S>,
  initial: ReadonlyMap<string, S>,
  events: readonly ProjectedEvent[],
): Map<string, S | undefined> {
  const touched = new Map<string, S | undefined>();
  for (const e of events) {
    if (!handles(p, e)) continue;
    const key = p.keyOf(e);
    const prior = touched.has(key) ? touched.get(key) : initial.get(key);
    touched.set(key, p.evolve(prior, e));
  }
  return touched;
}
