import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { exitOf, waitFor } from '@rcpx/local-infra';
import { readInfraFile, type InfraFile } from './infra-file.ts';
import { infraDataDir, repoRoot } from './paths.ts';

export interface KeeperRequest {
  /** Infra file the keeper writes once its servers answer, and removes when it stops. */
  out: string;
  /** pid whose exit (with every other runner listed in the file) stops the keeper. */
  runner: number;
  postgres: boolean;
  nats: boolean;
}

const keeperScript = fileURLToPath(new URL('./infra-keeper.ts', import.meta.url));
export const keeperLog = join(infraDataDir, 'keeper.log');

/** Environment for the keeper without tap's instrumentation (it must outlive the run's hooks). */
function keeperEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key === 'NODE_OPTIONS' || key.startsWith('_TAPJS_') || key.startsWith('TAP')) continue;
    env[key] = value;
  }
  return env;
}

/**
 * Starts a detached keeper process that runs an embedded Postgres and/or a nats-server until
 * every runner has exited, and waits for its infra file.
 */
export async function startKeeper(request: KeeperRequest): Promise<InfraFile> {
  mkdirSync(infraDataDir, { recursive: true });
  const logFd = openSync(keeperLog, 'a');
  const args = [keeperScript, '--out', request.out, '--runner', String(request.runner)];
  if (request.postgres) args.push('--postgres');
  if (request.nats) args.push('--nats');
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: repoRoot,
    detached: true,
    stdio: ['ignore', logFd, logFd],
    env: keeperEnv(),
  });
  closeSync(logFd);
  child.unref();
  let exited = false;
  void exitOf(child).then(() => (exited = true));
  try {
    return await waitFor(
      async () => {
        if (exited) throw new Error('the keeper process exited');
        const file = await readInfraFile(request.out);
        return file?.keeperPid === child.pid ? file : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 100, message: 'test servers did not start' },
    );
  } catch (err) {
    if (!exited) child.kill('SIGTERM');
    const log = await readFile(keeperLog, 'utf8').catch(() => '');
    const tail = log.split('\n').slice(-40).join('\n');
    throw new Error(`${(err as Error).message}; ${keeperLog}:\n${tail}`, { cause: err });
  }
}
