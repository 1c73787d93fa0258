import { cpus, loadavg } from 'node:os';
import type { PhaseFigures } from './phases.ts';

export const int = (n: number): string =>
  Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '–';
export const ms = (n: number): string => (Number.isFinite(n) ? n.toFixed(1) : '–');
const bytes = (n: number): string => (Number.isFinite(n) ? `${(n / 1024).toFixed(1)} KiB` : '–');

/** `uptime`-style load averages and the core count. */
export function loadLine(): string {
  const [one, five, fifteen] = loadavg().map((n) => n.toFixed(2));
  return `load average ${one}, ${five}, ${fifteen} (${cpus().length} cores)`;
}

/** Aligns rows of cells into columns (first column left, the rest right). */
export function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]) =>
    r
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [
    line(rows[0]!),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.slice(1).map(line),
  ].join('\n');
}

const closes = (c: Record<string, number>) =>
  Object.entries(c)
    .map(([code, n]) => `${n}×${code}`)
    .join(' ') || '0';

/** The figures of one steady phase as the cells of a column. */
export function steadyCells(s: PhaseFigures): string[] {
  return [
    int(s.target),
    int(s.achieved),
    `${int(s.received)} / ${int(s.expected)}`,
    `${ms(s.latency.p50)} / ${ms(s.latency.p90)} / ${ms(s.latency.p99)} / ${ms(s.latency.max)}`,
    s.toHub ? `${ms(s.toHub.p50)} / ${ms(s.toHub.p99)} / ${ms(s.toHub.max)}` : '–',
    closes(s.closes),
    `${s.cpu.server ?? '–'} / ${s.cpu.clients ?? '–'} / ${s.cpu.bench ?? '–'} / ${s.cpu.nats ?? '–'} %`,
    `${(s.serverUs.user + s.serverUs.sys).toFixed(1)} (${s.serverUs.user.toFixed(1)} user + ${s.serverUs.sys.toFixed(1)} sys)`,
    s.load.toFixed(2),
  ];
}

export const STEADY_LABELS = [
  'deliveries/s asked',
  'deliveries/s received',
  'received / expected',
  'latency p50 / p90 / p99 / max ms',
  '  of which ack → hub p50 / p99 / max ms',
  'server closes',
  'CPU server / clients / bench / nats (% of a core)',
  'server CPU µs per delivery',
  'load (1 min) after',
];

/** The steps of a ramp, one line each. */
export function rampTable(name: string, steps: readonly PhaseFigures[]): string {
  return table([
    [
      `${name} ramp`,
      'asked/s',
      'received/s',
      'recv/expected',
      'p50 ms',
      'p99 ms',
      'max ms',
      'hub p99',
      'closes',
      'CPU srv/cli',
      'µs/dlv',
      'load',
    ],
    ...steps.map((s, i) => [
      `  step ${i + 1}`,
      int(s.target),
      int(s.achieved),
      `${int(s.received)}/${int(s.expected)}`,
      ms(s.latency.p50),
      ms(s.latency.p99),
      ms(s.latency.max),
      s.toHub ? ms(s.toHub.p99) : '–',
      closes(s.closes),
      `${s.cpu.server ?? '–'}/${s.cpu.clients ?? '–'} %`,
      (s.serverUs.user + s.serverUs.sys).toFixed(1),
      s.load.toFixed(2),
    ]),
  ]);
}

export { bytes };
