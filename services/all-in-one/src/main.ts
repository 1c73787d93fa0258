import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { lastSeq } from '@rcpx/bus';
import { startLiveHub } from '@rcpx/gateway';
import { startQuerySweeper } from '@rcpx/ingest';
import { projectorMetrics, startProjector } from '@rcpx/projector';
import { createLogger, loadConfig, openDbAndBus, runMain } from '@rcpx/service-kit';
import { startWebhookWorker } from '@rcpx/webhooks';
import { adminTokenLine, resolveAdminToken } from './admin-token.ts';
import { buildApp } from './app.ts';
import { AllInOneConfig } from './config.ts';
import { seedDemo } from './demo/seed.ts';
import { resolveLocalInfra, varDir } from './local-infra.ts';
import { processOutput } from './log-destination.ts';
import { removeRunFile, SHARED_VARS, writeRunFile } from './run-file.ts';

const { values: flags } = parseArgs({ options: { demo: { type: 'boolean', default: false } } });
const output = processOutput();
let banner = '';

// the servers first: when none can be found or started, say what to do (no stack trace)
const infra = await resolveLocalInfra(process.env).catch((err: unknown) => {
  process.stderr.write(`rcpx: cannot start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

await runMain('rcpx', async () => {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: infra.databaseUrl,
    NATS_URL: infra.natsUrl,
  };
  const admin = resolveAdminToken(env.RCPX_ADMIN_TOKEN, resolve(varDir(), 'admin-token'));
  const config = loadConfig(AllInOneConfig, { ...env, RCPX_ADMIN_TOKEN: admin.token });
  const logger = createLogger(config, output.destination);
  const schema = config.RCPX_READ_SCHEMA;

  // One pool for every service of the process: the projector alone holds up to 4 connections
  // (its leader session and one transaction per projection), the webhook worker 2 or more.
  const { db, bus } = await openDbAndBus(config, logger, 'rcpx', { max: 25 });

  // the projector's metrics (`rcpx_projector_leader` says which instance applies) on /metrics
  const metrics = projectorMetrics(db, schema);
  const projector = startProjector({
    db,
    bus,
    schema,
    logger,
    onApplied: (r) => metrics.onApplied(r),
    onRoleChange: (role) => metrics.onRoleChange(role),
  });
  const hub = await startLiveHub({ bus, logger, recentFrames: config.RCPX_LIVE_RECENT_EVENTS });
  const worker = startWebhookWorker({ db, bus, logger, config });
  // closes queries past their deadline, at start and every minute (safe on every instance)
  const sweeper = startQuerySweeper({ db, bus, logger, schema });
  const app = await buildApp({ config, db, bus, logger, hub, wake: worker.wake });
  metrics.registerTo(app.metrics);
  await app.listen({ host: config.HOST, port: config.PORT });

  const base = `http://${config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST}:${config.PORT}`;
  // the CLI (npm run rcpx) works on the same servers and log, from any shell
  const shared = Object.fromEntries(SHARED_VARS.map((name) => [name, String(config[name])]));
  writeRunFile({ pid: process.pid, url: base, env: shared });
  let seeded = '';
  if (flags.demo) {
    const existing = await lastSeq(bus);
    if (existing > 0) {
      seeded = `demo data: skipped, the log already holds ${existing} events`;
    } else {
      const writes = await seedDemo(app, db);
      seeded = `demo data: ${writes} practices, meeting outcomes and publications published`;
    }
  }
  banner =
    [
      '',
      `rcpx is up on ${base}`,
      ...infra.notes.map((n) => `  ${n}`),
      `  ${adminTokenLine(admin)}`,
      `  workspace:  ${base}/app (browse; sign in with a participant token)`,
      `  catalogue:  ${base}/v1/practices   activity: ${base}/v1/activity`,
      `  live:       ${base}/v1/live (WebSocket or SSE)   dashboard: ${base}/dashboard`,
      `  API docs:   ${base}/docs`,
      ...(seeded ? [`  ${seeded}`] : []),
      '',
    ].join('\n') + '\n';

  return {
    app,
    close: async () => {
      await Promise.allSettled([worker.close(), hub.close(), projector.stop(), sweeper.stop()]);
    },
    afterClose: async () => {
      removeRunFile();
      await infra.stop();
    },
  };
});
// after runMain's start-up log lines (through the same queue): the banner comes last
output.print(banner);
