import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exitOf, LineTail, onProcessExit, type ExitInfo } from '@rcpx/local-infra';
import { repoRoot } from './paths.ts';

export type { ExitInfo } from '@rcpx/local-infra';

export interface SpawnServiceOptions {
  /** Working directory (default: the repository root). */
  cwd?: string;
  /** Log prefix (default: the entry's package folder and file, e.g. `ingest/main.ts`). */
  name?: string;
  /** Receives each output line (stdout and stderr); default: written to our stderr, prefixed. */
  onLine?: (line: string) => void;
  /** Command-line arguments for the entry (e.g. `['--demo']`). */
  args?: string[];
  /** Node's own flags, before the entry (e.g. `npmStartNodeFlags()`). */
  nodeArgs?: string[];
}

/** A service running in a child process. */
export interface ServiceProcess {
  child: ChildProcess;
  /** Sends `signal` (default SIGTERM) and resolves once it exited; SIGKILL after 20 s. */
  kill(signal?: NodeJS.Signals): Promise<ExitInfo>;
  /** Resolves when the process exits (never rejects). */
  exited: Promise<ExitInfo>;
  /** The last lines it wrote (stdout and stderr). */
  output(): string;
}

/**
 * Node's flags of `npm start` (the root package.json's `start`: `tsx <flags> <entry>`), so that a
 * spawned all-in-one runs as a user's does.
 */
export function npmStartNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
    scripts: { start: string };
  };
  const words = pkg.scripts.start.trim().split(/\s+/).slice(1); // after `tsx`
  const entry = words.findIndex((w) => !w.startsWith('--'));
  return entry === -1 ? words : words.slice(0, entry);
}

/**
 * Runs a TypeScript entry file with `node --import tsx` (relative paths are resolved against the
 * repository root) with `env` over this process's environment (`undefined` values unset a
 * variable). The child is killed if this process exits first.
 */
export function spawnService(
  entryFile: string | URL,
  env: Record<string, string | undefined> = {},
  options: SpawnServiceOptions = {},
): ServiceProcess {
  const entry =
    entryFile instanceof URL
      ? fileURLToPath(entryFile)
      : isAbsolute(entryFile)
        ? entryFile
        : resolve(repoRoot, entryFile);
  const name = options.name ?? `${basename(dirname(dirname(entry)))}/${basename(entry)}`;
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete childEnv[key];
    else childEnv[key] = value;
  }
  const argv = [...(options.nodeArgs ?? []), '--import', 'tsx', entry, ...(options.args ?? [])];
  const child = spawn(process.execPath, argv, {
    cwd: options.cwd ?? repoRoot,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tail = new LineTail(500);
  const onLine = options.onLine ?? ((line: string) => process.stderr.write(`[${name}] ${line}\n`));
  child.stdout?.on('data', (chunk: Buffer) => tail.push(chunk, onLine));
  child.stderr?.on('data', (chunk: Buffer) => tail.push(chunk, onLine));
  const exited = exitOf(child);
  const unhook = onProcessExit(() => child.kill('SIGKILL'));
  void exited.then(unhook);

  return {
    child,
    exited,
    async kill(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const escalate = setTimeout(() => child.kill('SIGKILL'), 20_000);
      try {
        return await exited;
      } finally {
        clearTimeout(escalate);
      }
    },
    output: () => tail.text(),
  };
}
