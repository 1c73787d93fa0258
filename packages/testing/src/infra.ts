import { join } from 'node:path';
import { natsAnswers, pgAnswers } from '@rcpx/local-infra';
import { readInfraFile } from './infra-file.ts';
import { startKeeper } from './keeper.ts';
import { infraDataDir, STANDARD_DATABASE_URL, STANDARD_NATS_URL } from './paths.ts';

/** The base servers tests run against. */
export interface Infra {
  /** A Postgres URL whose user may `CREATE DATABASE`. */
  databaseUrl: string;
  /** A NATS URL with JetStream enabled. */
  natsUrl: string;
}

let cached: Promise<Infra> | undefined;

/**
 * The base servers, resolved once per process. Each of Postgres and NATS comes from, in order:
 * `DATABASE_URL` / `NATS_URL`; `var/test-infra.json` (the tap global setup) when its server
 * answers; the standard local service (127.0.0.1:5432, 127.0.0.1:4222) when it answers; else a
 * server this process starts (embedded Postgres, `nats-server -js`), stopped when it exits.
 */
export function getInfra(): Promise<Infra> {
  cached ??= resolveInfra().catch((err: unknown) => {
    cached = undefined;
    throw err;
  });
  return cached;
}

async function firstAnswering(
  candidates: (string | undefined)[],
  answers: (url: string) => Promise<boolean>,
): Promise<string | undefined> {
  const urls = candidates.filter((url): url is string => Boolean(url));
  const ok = await Promise.all(urls.map((url) => answers(url)));
  return urls.find((_, i) => ok[i]);
}

async function resolveInfra(): Promise<Infra> {
  let databaseUrl = process.env.DATABASE_URL || undefined;
  let natsUrl = process.env.NATS_URL || undefined;
  if (databaseUrl && natsUrl) return { databaseUrl, natsUrl };

  const file = await readInfraFile();
  [databaseUrl, natsUrl] = await Promise.all([
    databaseUrl ?? firstAnswering([file?.databaseUrl, STANDARD_DATABASE_URL], pgAnswers),
    natsUrl ?? firstAnswering([file?.natsUrl, STANDARD_NATS_URL], natsAnswers),
  ]);
  if (databaseUrl && natsUrl) return { databaseUrl, natsUrl };

  // nothing configured or running: start our own, kept alive until this process exits
  const own = await startKeeper({
    out: join(infraDataDir, `infra-${process.pid}.json`),
    runner: process.pid,
    postgres: !databaseUrl,
    nats: !natsUrl,
  });
  databaseUrl ??= own.databaseUrl;
  natsUrl ??= own.natsUrl;
  if (!databaseUrl || !natsUrl) throw new Error('the test servers did not report their URLs');
  return { databaseUrl, natsUrl };
}
