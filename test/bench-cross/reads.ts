import { runLoad } from '../bench/load-client.ts';
import type { Measured } from '../bench/report.ts';

// The reads of issue 10, measured from outside over HTTP against the all-in-one: autocannon in
// a child process cycling through a set of requests (readers and arguments varied).

/** One GET: its path and, for a participant, its bearer token. */
export interface ReadRequest {
  path: string;
  token?: string;
}

export interface ReadFigures extends Measured {
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

/** `requests` in turn on `connections` connections for `seconds` (after a short warm-up). */
export async function benchReads(
  base: string,
  requests: readonly ReadRequest[],
  opts: { seconds: number; connections: number },
): Promise<ReadFigures> {
  const load = {
    url: base,
    connections: opts.connections,
    requests: requests.map((r) => ({
      method: 'GET' as const,
      path: r.path,
      ...(r.token ? { headers: { authorization: `Bearer ${r.token}` } } : {}),
    })),
  };
  await runLoad({ ...load, amount: Math.max(200, opts.connections * 50) }); // warm-up
  const r = await runLoad({ ...load, duration: opts.seconds });
  return {
    events: r.ok,
    seconds: r.seconds,
    p50: r.p50,
    p99: r.p99,
    non2xx: r.non2xx,
    errors: r.errors,
  };
}

/** GETs `req` once and returns its JSON body (throws on a non-2xx answer). */
export async function getJson(base: string, req: ReadRequest): Promise<unknown> {
  const res = await fetch(`${base}${req.path}`, {
    headers: req.token ? { authorization: `Bearer ${req.token}` } : {},
  });
  if (!res.ok) throw new Error(`GET ${req.path} → ${res.status}: ${await res.text()}`);
  return res.json();
}
