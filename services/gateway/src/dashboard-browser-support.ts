// Test-only helpers of the browser tests (dashboard, workspace; not part of the package API): an
// exchange with ingest + query + gateway + sessions + dashboard + workspace and the projector,
// and Debian's Chromium driven by playwright-core.
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { createClient } from '@rcpx/client';
import type { RcpxClient } from '@rcpx/client';
import { ingestRoutes } from '@rcpx/ingest';
import { startProjector } from '@rcpx/projector';
import { queryRoutes } from '@rcpx/query';
import { createLogger, createServiceApp, sessionRoutes } from '@rcpx/service-kit';
import type { App } from '@rcpx/service-kit';
import { mintToken, openTestDeps } from '@rcpx/testing';
import type { TeardownHost, TestDeps } from '@rcpx/testing';
import { dashboardRoutes } from './dashboard-routes.ts';
import { startLiveHub } from './live-hub.ts';
import { gatewayRoutes } from './live-routes.ts';
import { workspaceRoutes } from './workspace-routes.ts';

/** Debian's Chromium (override with `RCPX_CHROMIUM`). */
export const CHROMIUM = process.env.RCPX_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Why the browser test cannot run here, or null when it can (in CI it must: never skipped). */
export function browserSkipReason(): string | null {
  if (existsSync(CHROMIUM) || process.env.CI) return null;
  return `${CHROMIUM} not found (apt-get install -y chromium); CI installs it and runs this test`;
}

/** Launches Chromium headless; closed at teardown. */
export async function launchChromium(t: TeardownHost): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 60_000,
  });
  t.teardown(() => browser.close());
  return browser;
}

export interface Exchange {
  /** `http://127.0.0.1:<port>` of the app itself. */
  url: string;
  port: number;
  /** A publisher of `participant`, talking to the app directly. */
  publisher(participant: string): Promise<RcpxClient>;
  /** A new token of `participant` (what a secretariat pastes into the sign-in form). */
  token(participant: string, role?: 'publisher' | 'reader'): Promise<string>;
}

/**
 * Ingest, query, the live gateway, browser sessions, the dashboard and the workspace in one app,
 * with the projector running.
 */
export async function startExchange(
  t: TeardownHost,
  opts: {
    /** More routes (and workers) on the same app, registered before it listens. */
    register?: (app: App, deps: Pick<TestDeps, 'db' | 'bus'>) => Promise<void>;
  } = {},
): Promise<Exchange> {
  const { db, bus } = await openTestDeps(t, {
    readModels: true,
    db: { max: 8, onError: () => {} },
  });
  const logger = createLogger({ LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const projector = startProjector({ db, bus });
  const hub = await startLiveHub({ bus, logger });
  const app = await createServiceApp({
    logger,
    db,
    bus,
    adminToken: 'dashboard-test-admin',
    openapi: { title: 'rcpx dashboard test', description: 'ingest + query + live + dashboard' },
  });
  await app.register(ingestRoutes);
  await app.register(queryRoutes, { schema: 'rm' });
  await app.register(gatewayRoutes, { hub });
  await app.register(dashboardRoutes);
  await app.register(workspaceRoutes);
  await app.register(sessionRoutes);
  await opts.register?.(app, { db, bus });
  t.teardown(async () => {
    await projector.stop();
    await hub.close();
    await app.close();
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    port,
    async publisher(participant) {
      const { token } = await mintToken(db, participant, 'publisher');
      return createClient({ baseUrl: url, token });
    },
    async token(participant, role = 'publisher') {
      return (await mintToken(db, participant, role)).token;
    },
  };
}
