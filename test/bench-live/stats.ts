import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Latency percentiles in milliseconds. */
export interface LatencyStats {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
}

/** Percentiles of `values` (sorted in place). */
export function latencyStats(values: Float64Array): LatencyStats {
  values.sort();
  const n = values.length;
  const at = (q: number) => (n === 0 ? NaN : values[Math.min(n - 1, Math.floor(q * n))]!);
  return {
    count: n,
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    p999: at(0.999),
    max: n === 0 ? NaN : values[n - 1]!,
  };
}

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** CPU seconds (user, system) used so far by process `pid`, from /proc/<pid>/stat. */
export function cpuTimes(pid: number): { user: number; sys: number } {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    // Fields after the command (which may hold spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return {
      user: Number(fields[11]) / TICKS_PER_SECOND,
      sys: Number(fields[12]) / TICKS_PER_SECOND,
    };
  } catch {
    return { user: NaN, sys: NaN };
  }
}

/** CPU seconds (user + system) used so far by process `pid`. */
export function cpuSeconds(pid: number): number {
  const { user, sys } = cpuTimes(pid);
  return user + sys;
}

/** Resident set size of process `pid` in bytes, from /proc/<pid>/status (VmRSS). */
export function rssBytes(pid: number): number {
  try {
    const m = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
    return m ? Number(m[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** CPU use of some processes over an interval, in % of one core. */
export function cpuMeter(pids: Record<string, number>): () => Record<string, number> {
  const start = Date.now();
  const before = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, cpuSeconds(pid)]));
  return () => {
    const wall = (Date.now() - start) / 1000;
    return Object.fromEntries(
      Object.entries(pids).map(([k, pid]) => [
        k,
        Math.round(((cpuSeconds(pid) - before[k]!) / wall) * 100),
      ]),
    );
  };
}

/** The pid of the process listening on 127.0.0.1:`port` (via `ss`), when it can be told. */
export function listenerPid(port: number): number | undefined {
  try {
    const out = execFileSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8' });
    const m = /pid=(\d+)/.exec(out);
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}
