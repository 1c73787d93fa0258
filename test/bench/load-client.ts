import { fork } from 'node:child_process';
import autocannon from 'autocannon';

// The HTTP load generator, run in a child process of its own (like a real client): the bench
// process then holds only the app measured, and its CPU time is the app's.

/** What the child runs: autocannon options that survive structured clone. */
export type LoadOptions = Pick<
  autocannon.Options,
  'url' | 'connections' | 'duration' | 'amount' | 'maxOverallRequests' | 'headers' | 'requests'
>;

/** The part of autocannon's result the bench reports. */
export interface LoadResult {
  ok: number;
  non2xx: number;
  errors: number;
  seconds: number;
  p50: number;
  p99: number;
}

async function runHere(opts: LoadOptions): Promise<LoadResult> {
  const r = await autocannon(opts);
  return {
    ok: r['2xx'],
    non2xx: r.non2xx,
    errors: r.errors,
    seconds: r.duration,
    p50: r.latency.p50,
    p99: r.latency.p99,
  };
}

/** Runs autocannon with `opts` in a child process and resolves with its figures. */
export function runLoad(opts: LoadOptions): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(new URL(import.meta.url), ['--load-client'], { stdio: 'inherit' });
    let result: LoadResult | undefined;
    child.once('message', (m) => {
      const msg = m as { result?: LoadResult; error?: string };
      if (msg.error !== undefined) reject(new Error(`load client: ${msg.error}`));
      else result = msg.result;
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      result ? resolve(result) : reject(new Error(`load client exited with ${code}`)),
    );
    child.send(opts);
  });
}

if (process.argv.includes('--load-client')) {
  process.once('message', (opts) => {
    runHere(opts as LoadOptions).then(
      (result) => process.send?.({ result }, () => process.exit(0)),
      (err: unknown) => process.send?.({ error: String(err) }, () => process.exit(1)),
    );
  });
}
