/** A positive integer from the environment variable `name`, `fallback` when unset or empty. */
export function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer`);
  return n;
}

/** Positive integers, comma-separated, from the environment variable `name` (`fallback` when unset). */
export function intListEnv(name: string, fallback: readonly number[]): number[] {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return [...fallback];
  const ns = raw.split(',').map((s) => Number(s.trim()));
  if (!ns.every((n) => Number.isInteger(n) && n > 0)) {
    throw new Error(`${name} must be positive integers, comma-separated`);
  }
  return ns;
}
