import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { infraFilePath } from './paths.ts';

/** Contents of `var/test-infra.json`: servers a keeper process runs for some tap runs. */
export interface InfraFile {
  /** pid of the keeper process that owns the servers. */
  keeperPid: number;
  /** pids of the processes (tap runners) using them; the keeper stops once all are gone. */
  runners: number[];
  databaseUrl?: string;
  natsUrl?: string;
}

/** Reads an infra file; undefined when missing or unreadable. */
export async function readInfraFile(path = infraFilePath): Promise<InfraFile | undefined> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<InfraFile>;
    if (typeof parsed.keeperPid !== 'number' || !Array.isArray(parsed.runners)) return undefined;
    return parsed as InfraFile;
  } catch {
    return undefined;
  }
}

/** Writes an infra file atomically (readers never see half a file). */
export async function writeInfraFile(file: InfraFile, path = infraFilePath): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(file, null, 2)}\n`);
  await rename(tmp, path);
}

/** Removes an infra file if it still belongs to `keeperPid`. */
export async function removeInfraFile(keeperPid: number, path = infraFilePath): Promise<void> {
  const current = await readInfraFile(path);
  if (current?.keeperPid === keeperPid) await rm(path, { force: true });
}

const STALE_LOCK_MS = 60_000;

/** Runs `fn` holding an exclusive lock on the infra file (a lock dir next to it). */
export async function withInfraLock<T>(fn: () => Promise<T>, path = infraFilePath): Promise<T> {
  const lock = `${path}.lock`;
  await mkdir(dirname(path), { recursive: true });
  const deadline = Date.now() + 2 * STALE_LOCK_MS;
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const age = await stat(lock).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age > STALE_LOCK_MS) await rm(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`could not lock ${path}`, { cause: err });
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}
