/**
 * tap `before` script (see `.taprc`). When neither the environment nor the standard local
 * services provide Postgres / NATS, starts ONE embedded Postgres and/or ONE nats-server for the
 * whole run (in a keeper process) and publishes them in `var/test-infra.json`; tests find them
 * through `getInfra()`. A concurrent run reuses the same servers. Also sweeps test databases and
 * streams left over by killed test processes.
 */
import { isAlive, natsAnswers, pgAnswers } from '@rcpx/local-infra';
import { getInfra } from './infra.ts';
import { readInfraFile, withInfraLock, writeInfraFile } from './infra-file.ts';
import { startKeeper } from './keeper.ts';
import { infraFilePath, STANDARD_DATABASE_URL, STANDARD_NATS_URL } from './paths.ts';
import { sweepStaleTestResources } from './sweep.ts';

const runner = process.ppid; // the tap runner: the servers live as long as it does
const [needPostgres, needNats] = await Promise.all([
  !process.env.DATABASE_URL && pgAnswers(STANDARD_DATABASE_URL).then((ok) => !ok),
  !process.env.NATS_URL && natsAnswers(STANDARD_NATS_URL).then((ok) => !ok),
]);

if (needPostgres || needNats) {
  await withInfraLock(async () => {
    const existing = await readInfraFile();
    const [pgOk, natsOk] = await Promise.all([
      !needPostgres || (existing?.databaseUrl ? pgAnswers(existing.databaseUrl) : false),
      !needNats || (existing?.natsUrl ? natsAnswers(existing.natsUrl) : false),
    ]);
    if (existing && isAlive(existing.keeperPid) && pgOk && natsOk) {
      const runners = [...existing.runners.filter(isAlive), runner];
      await writeInfraFile({ ...existing, runners });
      console.error(`# sharing the test servers of keeper ${existing.keeperPid}`);
      return;
    }
    const started = await startKeeper({
      out: infraFilePath,
      runner,
      postgres: Boolean(needPostgres),
      nats: Boolean(needNats),
    });
    const urls = [started.databaseUrl, started.natsUrl].filter(Boolean).join(' ');
    console.error(`# started test servers for this run: ${urls}`);
  });
}

const { databaseUrl, natsUrl } = await getInfra();
await sweepStaleTestResources(databaseUrl, natsUrl);
