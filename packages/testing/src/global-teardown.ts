/**
 * tap `after` script (see `.taprc`). Signs this run off `var/test-infra.json`; when no other run
 * uses the servers, stops the keeper (which stops the servers and removes the file) and waits.
 */
import { isAlive, waitFor } from '@rcpx/local-infra';
import { readInfraFile, withInfraLock, writeInfraFile } from './infra-file.ts';

const runner = process.ppid;

const keeperPid = await withInfraLock(async () => {
  const file = await readInfraFile();
  if (!file?.runners.includes(runner)) return undefined;
  const runners = file.runners.filter((pid) => pid !== runner && isAlive(pid));
  await writeInfraFile({ ...file, runners });
  return runners.length === 0 ? file.keeperPid : undefined;
});

if (keeperPid !== undefined && isAlive(keeperPid)) {
  process.kill(keeperPid, 'SIGTERM');
  const gone = async () => !isAlive(keeperPid) || (await readInfraFile())?.keeperPid !== keeperPid;
  await waitFor(gone, { timeoutMs: 30_000, intervalMs: 100 }).catch(() => {
    console.error(`# keeper ${keeperPid} did not stop in time; killing it`);
    process.kill(keeperPid, 'SIGKILL');
  });
}
