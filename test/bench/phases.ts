/** The phases of `npm run bench` that can be run alone (`--only`, or `BENCH_ONLY`). */
export const PHASES = ['http', 'projection', 'all-in-one', 'rebuild'] as const;
export type Phase = (typeof PHASES)[number];

/**
 * The phases to run: `--only a,b` (or `--only=a,b`) on the command line, else `BENCH_ONLY=a,b`,
 * else all of them. The backlog and its raw limits run whenever projection or rebuild does.
 */
export function selectedPhases(
  argv: readonly string[] = process.argv.slice(2),
  env: string | undefined = process.env.BENCH_ONLY,
): ReadonlySet<Phase> {
  let raw = env;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--only') raw = argv[++i];
    else if (arg.startsWith('--only=')) raw = arg.slice('--only='.length);
  }
  if (raw === undefined || raw.trim() === '') return new Set(PHASES);
  const names = raw.split(',').map((s) => s.trim());
  const unknown = names.filter((n) => !(PHASES as readonly string[]).includes(n));
  if (unknown.length > 0) {
    throw new Error(`bench: unknown phase ${unknown.join(', ')} (phases: ${PHASES.join(', ')})`);
  }
  return new Set(names as Phase[]);
}
