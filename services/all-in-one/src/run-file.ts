import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isAlive } from '@rcpx/local-infra';
import { varDir } from './local-infra.ts';

/** Where a running `npm start` says which servers it uses, for the CLI. */
export const runFilePath = (env: NodeJS.ProcessEnv = process.env) => join(varDir(env), 'run.json');

/** The variables the CLI takes from a running `npm start` (the servers and the log's names). */
export const SHARED_VARS = [
  'DATABASE_URL',
  'NATS_URL',
  'RCPX_STREAM',
  'RCPX_SUBJECT_PREFIX',
  'RCPX_STREAM_REPLICAS',
  'RCPX_READ_SCHEMA',
] as const;

export interface RunFile {
  pid: number;
  /** Base URL of the HTTP API. */
  url: string;
  env: Partial<Record<(typeof SHARED_VARS)[number], string>>;
}

/** Written once `npm start` listens (mode 600: the URLs may hold passwords). */
export function writeRunFile(run: RunFile, path = runFilePath()): void {
  // a fresh clone whose servers were found (none started under var/) has no var/ yet
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(run, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, path);
}

/** The run file of a live `npm start`, if any. */
export function readRunFile(path = runFilePath()): RunFile | undefined {
  try {
    const run = JSON.parse(readFileSync(path, 'utf8')) as RunFile;
    return typeof run.pid === 'number' && isAlive(run.pid) && run.env ? run : undefined;
  } catch {
    return undefined;
  }
}

/** Removes the run file if it is still this process's. */
export function removeRunFile(path = runFilePath()): void {
  try {
    const run = JSON.parse(readFileSync(path, 'utf8')) as RunFile;
    if (run.pid === process.pid) rmSync(path, { force: true });
  } catch {
    // gone already
  }
}
