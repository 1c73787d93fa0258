export interface WaitForOptions {
  /** Give up after this long (default 30 s: generous, so tests hold on a loaded machine). */
  timeoutMs?: number;
  /** Pause between attempts (default 50 ms). */
  intervalMs?: number;
  /** Prefix of the timeout error's message. */
  message?: string;
}

/**
 * Polls `fn` until it returns a truthy value (which is returned). A throw counts as "not yet";
 * on timeout the promise rejects, naming the last error.
 */
export async function waitFor<T>(
  fn: () => T | Promise<T>,
  options: WaitForOptions = {},
): Promise<NonNullable<T>> {
  const { timeoutMs = 30_000, intervalMs = 50, message = 'waitFor timed out' } = options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value as NonNullable<T>;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const cause = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`${message} after ${timeoutMs} ms${cause}`, { cause: lastError });
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
