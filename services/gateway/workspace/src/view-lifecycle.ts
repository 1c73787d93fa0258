// What a view started that must stop when another view is drawn (timers, live connections).

const cleanups = new Set<() => void>();

/** Runs `fn` when the current view is left (the next render). */
export function onLeave(fn: () => void): void {
  cleanups.add(fn);
}

/** Stops everything the current view started (called by each render). */
export function leaveView(): void {
  for (const fn of cleanups) fn();
  cleanups.clear();
}
