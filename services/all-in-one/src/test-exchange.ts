import type { Test } from 'tap';
import type { LightMyRequestResponse } from 'fastify';
import type { Clock } from '@rcpx/contracts';
import { startLiveHub } from '@rcpx/gateway';
import { startProjector } from '@rcpx/projector';
import { createLogger, loadConfig, type App } from '@rcpx/service-kit';
import { mintToken, openTestDeps, serviceEnv } from '@rcpx/testing';
import { startWebhookWorker } from '@rcpx/webhooks';
import { buildApp } from './app.ts';
import { AllInOneConfig } from './config.ts';

// Test-only: the whole exchange in one process as `npm start` runs it (every HTTP surface, the
// projector, the live hub and, unless turned off, the webhook worker with loopback targets
// allowed), on the test's own database and stream, and helpers to call it as someone.

export type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Who calls: a participant slug (a publisher token unless `tokens` says otherwise), an alias of
 * `tokens`, `'admin'`, or `'anonymous'`/null (no credentials). */
export type Who = string | null;

export interface TestExchangeOptions {
  /** The admin token (RCPX_ADMIN_TOKEN). */
  admin?: string;
  /** More variables of the configuration (over the defaults here). */
  env?: Record<string, string>;
  /** Run the webhook worker beside the app (default true). */
  webhooks?: boolean;
  /** The first app's clock (the system clock by default). */
  clock?: Clock;
  /** Callers whose token is not a publisher token of the participant of their name. */
  tokens?: Record<string, { participant: string; role: 'reader' | 'publisher' }>;
}

export type TestExchange = Awaited<ReturnType<typeof startTestExchange>>;

/** The exchange in this process; everything it starts is stopped at `t`'s teardown. */
export async function startTestExchange(t: Test, options: TestExchangeOptions = {}) {
  const deps = await openTestDeps(t, { readModels: true });
  const admin = options.admin ?? 'test-exchange-admin-token';
  const config = loadConfig(AllInOneConfig, {
    ...serviceEnv(deps.env),
    RCPX_ADMIN_TOKEN: admin,
    RCPX_WEBHOOK_ALLOW: '127.0.0.1',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...options.env,
  });
  const logger = createLogger(config);
  const { db, bus } = deps;
  const projector = startProjector({ db, bus, logger });
  t.teardown(() => projector.stop());
  const hub = await startLiveHub({ bus, logger });
  t.teardown(() => hub.close());
  const worker =
    options.webhooks === false ? null : startWebhookWorker({ db, bus, logger, config });
  if (worker) t.teardown(() => worker.close());

  /** One more app on connections of its own (another instance), with its own clock if given. */
  const instance = async (clock?: Clock): Promise<App> => {
    const app = await buildApp({
      config,
      ...(await deps.appDeps()),
      logger,
      hub,
      ...(worker ? { wake: worker.wake } : {}),
      ...(clock ? { clock } : {}),
    });
    await app.ready();
    t.teardown(() => app.close());
    return app;
  };
  const app = await instance(options.clock);

  const minted = new Map<string, Promise<string>>();
  /** The bearer token of `who` (minted on first use, then the same). */
  const tokenOf = (who: string): Promise<string> => {
    if (who === 'admin') return Promise.resolve(admin);
    let token = minted.get(who);
    if (!token) {
      const { participant, role } = options.tokens?.[who] ?? {
        participant: who,
        role: 'publisher',
      };
      token = mintToken(db, participant, role).then((m) => m.token);
      minted.set(who, token);
    }
    return token;
  };
  const headersOf = async (who: Who): Promise<Record<string, string>> =>
    who === null || who === 'anonymous' ? {} : { authorization: `Bearer ${await tokenOf(who)}` };
  /** A request to `on` as `who`, with a JSON payload and more headers if given. */
  const requestOn = async (
    on: App,
    method: Method,
    url: string,
    who: Who,
    payload?: object,
    headers: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> =>
    on.inject({
      method,
      url,
      headers: { ...(await headersOf(who)), ...headers },
      ...(payload ? { payload } : {}),
    });
  /** A request to the first app. */
  const request = (
    method: Method,
    url: string,
    who: Who,
    payload?: object,
    headers?: Record<string, string>,
  ) => requestOn(app, method, url, who, payload, headers);

  return {
    app,
    db,
    bus,
    deps,
    config,
    logger,
    projector,
    hub,
    admin,
    instance,
    tokenOf,
    headersOf,
    request,
    requestOn,
  };
}
