/**
 * Runs a bench's `main` and exits: 0 when every check held, 1 when one failed or `main` threw
 * (the error on stderr, prefixed with the bench's name).
 */
export function runBench(name: string, main: () => Promise<boolean>): void {
  main().then(
    (ok) => process.exit(ok ? 0 : 1),
    (err: unknown) => {
      console.error(`${name} failed:`, err);
      process.exit(1);
    },
  );
}
