let turn: Promise<void> | undefined;

/**
 * Resolves in the check phase of this turn of the event loop (`setImmediate`), the same promise
 * for every caller of the turn. Publishes made right after it go out together: nats.js writes
 * what was queued since its last flush in one socket write (a microtask after the first publish),
 * so N requests read in one poll phase cost one write and one read on the server, not N. It adds
 * no timer: the turn's I/O callbacks have run already, the next poll waits for it.
 */
export function nextTurn(): Promise<void> {
  turn ??= new Promise<void>((resolve) =>
    setImmediate(() => {
      turn = undefined;
      resolve();
    }),
  );
  return turn;
}
