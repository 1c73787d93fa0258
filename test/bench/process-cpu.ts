import { readdirSync, readFileSync } from 'node:fs';

/** The process groups the bench reports apart; everything else is `other`. */
export const PROCESS_GROUPS = ['postgres', 'nats-server', 'node'] as const;
export type ProcessGroup = (typeof PROCESS_GROUPS)[number];

const USER_HZ = 100;

/**
 * CPU seconds spent so far by each group (Linux /proc; zeros elsewhere), by command name: every
 * `postgres` process, `nats-server`, every `node` (this process, the load generator). Each
 * process counts with its reaped children, so a Postgres backend or a load generator that ended
 * meanwhile still counts (in the postmaster's or this process's share).
 */
export function processCpu(): Record<ProcessGroup, number> {
  const out = Object.fromEntries(PROCESS_GROUPS.map((g) => [g, 0])) as Record<ProcessGroup, number>;
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return out;
  }
  for (const pid of pids) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // ended meanwhile
    }
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const group = PROCESS_GROUPS.find(
      (g) => name === g || (g === 'node' && name.startsWith('node')),
    );
    if (!group) continue;
    // the fields after "(comm) ": utime 11, stime 12, cutime 13, cstime 14 (clock ticks)
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    out[group] += (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / USER_HZ;
  }
  return out;
}

/** CPU seconds per group between two snapshots of `processCpu`. */
export function cpuSince(
  before: Record<ProcessGroup, number>,
  after: Record<ProcessGroup, number>,
): Record<ProcessGroup, number> {
  const spent = {} as Record<ProcessGroup, number>;
  for (const g of PROCESS_GROUPS) spent[g] = Math.max(0, after[g] - before[g]);
  return spent;
}
