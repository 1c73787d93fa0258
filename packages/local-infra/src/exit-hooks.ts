const hooks = new Set<() => void>();
let installed = false;

/**
 * Runs `fn` synchronously when this process exits (normal end or `process.exit`), to kill child
 * servers and remove their temporary data. Returns a function that unregisters it.
 */
export function onProcessExit(fn: () => void): () => void {
  if (!installed) {
    installed = true;
    process.once('exit', () => {
      for (const hook of hooks) {
        try {
          hook();
        } catch {
          // best effort: the process is going away
        }
      }
    });
  }
  hooks.add(fn);
  return () => hooks.delete(fn);
}
