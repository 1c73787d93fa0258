import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';

// Summarizes a V8 .cpuprofile: self time per function and the inclusive time of chosen frames.
// `tsx test/bench-live/profile-summary.ts <file.cpuprofile> [top=30]`

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

const label = (n: ProfileNode): string => {
  const { functionName, url, lineNumber } = n.callFrame;
  const file = url ? relative(process.cwd(), url.replace(/^file:\/\//, '')) : '';
  return `${functionName || '(anonymous)'} ${file ? `${file}:${lineNumber + 1}` : ''}`.trim();
};

/** Lines of "self ms  self %  function file:line", the top `top` by self time. */
export async function summarizeProfile(file: string, top = 30): Promise<string[]> {
  const profile = JSON.parse(await readFile(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    self.set(samples[i]!, (self.get(samples[i]!) ?? 0) + (deltas[i] ?? 0) / 1000);
  }
  const wall = (profile.endTime - profile.startTime) / 1000;
  const byLabel = new Map<string, number>();
  for (const [id, t] of self) {
    const l = label(byId.get(id)!);
    byLabel.set(l, (byLabel.get(l) ?? 0) + t);
  }
  const idle = byLabel.get('(idle)') ?? 0;
  const busy = wall - idle;
  const rows = [...byLabel].sort((a, b) => b[1] - a[1]).slice(0, top);
  return [
    `profile ${file}: wall ${wall.toFixed(0)} ms, busy ${busy.toFixed(0)} ms (${((100 * busy) / wall).toFixed(0)} %)`,
    ...rows.map(
      ([l, t]) =>
        `  ${t.toFixed(0).padStart(7)} ms ${((100 * t) / wall).toFixed(1).padStart(5)} %  ${l}`,
    ),
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, top] = process.argv.slice(2);
  if (!file) throw new Error('usage: profile-summary.ts <file.cpuprofile> [top]');
  console.log((await summarizeProfile(file, Number(top ?? 30))).join('\n'));
}
