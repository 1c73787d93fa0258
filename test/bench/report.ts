import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { cpuSince, PROCESS_GROUPS, processCpu, type ProcessGroup } from './process-cpu.ts';

/** A measured run: how many events in how many seconds (wall clock). */
export interface Measured {
  events: number;
  seconds: number;
  /** CPU seconds this Node process (all its threads) spent meanwhile. */
  cpuSeconds?: number;
  /** CPU seconds the whole machine spent meanwhile (every process: Postgres, NATS too). */
  machineCpuSeconds?: number;
  /** CPU seconds of Postgres, nats-server and Node processes meanwhile. */
  byProcess?: Record<ProcessGroup, number>;
  /** Latency percentiles, ms (HTTP only). */
  p50?: number;
  p99?: number;
}

/** One line of the table. */
export interface Row {
  label: string;
  m: Measured;
  /** The goal in words and whether the figure meets it. */
  goal?: { text: string; met: boolean };
}

/** CPU seconds the machine has spent busy since boot (Linux /proc/stat; undefined elsewhere). */
function machineBusySeconds(): number | undefined {
  try {
    const [, user, nice, system, , , irq, softirq] = readFileSync('/proc/stat', 'utf8')
      .split('\n', 1)[0]!
      .split(/\s+/)
      .map(Number);
    return (user! + nice! + system! + irq! + softirq!) / 100; // USER_HZ
  } catch {
    return undefined;
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 200));

/**
 * Runs `fn`, adding the CPU time this process spent meanwhile (unless `fn` measured its own)
 * and the whole machine's.
 */
export async function withCpu<M extends Measured>(fn: () => Promise<M>): Promise<M> {
  // a process that ended is counted once reaped (in its parent's share): let the backends of
  // connections closed just before (or at the end of) `fn` be reaped on the right side
  await settle();
  const before = process.cpuUsage();
  const machineBefore = machineBusySeconds();
  const processesBefore = processCpu();
  const m = await fn();
  const used = process.cpuUsage(before);
  await settle();
  const machineAfter = machineBusySeconds();
  return {
    ...m,
    byProcess: cpuSince(processesBefore, processCpu()),
    cpuSeconds: m.cpuSeconds ?? (used.user + used.system) / 1e6,
    machineCpuSeconds:
      machineBefore === undefined || machineAfter === undefined
        ? undefined
        : machineAfter - machineBefore,
  };
}

export const rate = (m: Measured): number => (m.seconds > 0 ? m.events / m.seconds : 0);

/** The whole machine's CPU µs per event (`CPU µs/event`), when measured. */
export const machineMicros = (m: Measured): number | undefined =>
  m.machineCpuSeconds === undefined || m.events === 0
    ? undefined
    : (1e6 * m.machineCpuSeconds) / m.events;

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const fixed = (n: number | undefined, digits = 1) => (n === undefined ? '' : n.toFixed(digits));

/** `uptime`-style load averages and the core count. */
export function loadLine(): string {
  const [one, five, fifteen] = loadavg().map((n) => n.toFixed(2));
  return `load average ${one}, ${five}, ${fifteen} (${cpus().length} cores)`;
}

/** The results as a fixed-width table. */
export function formatTable(rows: readonly Row[]): string {
  const header = [
    'measurement',
    'events',
    'seconds',
    'events/s',
    'p50 ms',
    'p99 ms',
    'node CPU',
    'CPU µs/event',
    'goal',
    'met',
  ];
  const cells = rows.map(({ label, m, goal }) => [
    label,
    int(m.events),
    fixed(m.seconds, 2),
    int(rate(m)),
    fixed(m.p50),
    fixed(m.p99),
    m.cpuSeconds === undefined ? '' : `${Math.round((100 * m.cpuSeconds) / m.seconds)} %`,
    machineMicros(m) === undefined ? '' : int(machineMicros(m)!),
    goal?.text ?? '',
    goal ? (goal.met ? 'yes' : 'NO') : '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const left = new Set([0, 8]);
  const line = (c: readonly string[]) =>
    c
      .map((s, i) => (left.has(i) ? s.padEnd(widths[i]!) : s.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(header), rule, ...cells.map(line)].join('\n');
}

/**
 * Where the machine's CPU went, per event: Postgres, nats-server, Node (this process and the
 * load generator) and the rest (kernel threads, other processes). Compare a phase with its raw
 * limit per process: e.g. the projection's Postgres share beside the raw COPY of its own rows.
 */
export function formatCpuSplit(rows: readonly Row[]): string {
  const shown = rows.filter((r) => r.m.byProcess && r.m.machineCpuSeconds && r.m.events > 0);
  const header = ['machine CPU µs/event by process', ...PROCESS_GROUPS, 'other', 'total'];
  const cells = shown.map(({ label, m }) => {
    const per = (s: number) => int((1e6 * s) / m.events);
    const groups = PROCESS_GROUPS.map((g) => m.byProcess![g]);
    const sum = groups.reduce((a, b) => a + b, 0);
    // a process is charged time the hypervisor stole, the machine's busy time is not: the
    // processes may add up to more
    const total = Math.max(m.machineCpuSeconds!, sum);
    return [label, ...groups.map(per), per(total - sum), per(total)];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: readonly string[]) =>
    c.map((s, i) => (i === 0 ? s.padEnd(widths[i]!) : s.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

/** Statement time per label beside the phase's wall time (the rest: Node, NATS, BEGIN/COMMIT). */
export function formatTrace(
  title: string,
  statements: readonly { label: string; count: number; ms: number }[],
  wallSeconds: number,
): string {
  const wallMs = wallSeconds * 1000;
  const total = statements.reduce((s, t) => s + t.ms, 0);
  // statements under 1 % of the wall time are summed in one line
  const shown = statements.filter((t) => t.ms >= wallMs / 100);
  const others = statements.filter((t) => t.ms < wallMs / 100);
  if (others.length > 0) {
    shown.push({
      label: `(${others.length} other statements)`,
      count: others.reduce((s, t) => s + t.count, 0),
      ms: others.reduce((s, t) => s + t.ms, 0),
    });
  }
  const lines = shown.map(
    (t) =>
      `  ${t.label.padEnd(44)} ${String(t.count).padStart(6)} × ${(t.ms / t.count).toFixed(2).padStart(7)} ms = ` +
      `${(t.ms / 1000).toFixed(2).padStart(6)} s  ${((100 * t.ms) / wallMs).toFixed(0).padStart(3)} %`,
  );
  const rest = Math.max(0, wallMs - total);
  return [
    `${title} (wall ${wallSeconds.toFixed(2)} s):`,
    ...lines,
    `  ${'SQL statements, total'.padEnd(62)}${(total / 1000).toFixed(2).padStart(6)} s  ${((100 * total) / wallMs).toFixed(0).padStart(3)} %`,
    `  ${'rest: Node (decode, fold, JSON), NATS fetch/ack, BEGIN/COMMIT'.padEnd(62)}${(rest / 1000).toFixed(2).padStart(6)} s  ${((100 * rest) / wallMs).toFixed(0).padStart(3)} %`,
  ].join('\n');
}
