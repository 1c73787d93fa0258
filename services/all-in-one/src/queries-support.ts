import type { Test } from 'tap';
import type { Clock } from '@rcpx/contracts';
import { startLiveHub } from '@rcpx/gateway';
import { startQuerySweeper } from '@rcpx/ingest';
import { startProjector } from '@rcpx/projector';
import { createLogger, loadConfig, type App } from '@rcpx/service-kit';
import { mintToken, openTestDeps, serviceEnv } from '@rcpx/testing';
import { buildApp } from './app.ts';
import { AllInOneConfig } from './config.ts';

// Test-only: the exchange in one process (projector and live hub beside it) on the test file's
// own database and stream, with clocks the tests set: instances are apps on their own
// connections to the same database and log.

export const ADMIN = 'queries-admin-token';

/** A clock at a settable instant. */
export function fixedClock(iso: string): Clock & { set(iso: string): void } {
  let now = new Date(iso);
  return {
    now: () => now,
    set(next: string) {
      now = new Date(next);
    },
  };
}

type Method = 'GET' | 'POST' | 'PATCH';

export async function queriesExchange(t: Test) {
  const deps = await openTestDeps(t, { readModels: true });
  const config = loadConfig(AllInOneConfig, {
    ...serviceEnv(deps.env),
    RCPX_ADMIN_TOKEN: ADMIN,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
  });
  const logger = createLogger(config);
  const { db, bus } = deps;
  const projector = startProjector({ db, bus, logger });
  t.teardown(() => projector.stop());
  const hub = await startLiveHub({ bus, logger });
  t.teardown(() => hub.close());

  /** One more instance: an app on its own connections, with its own clock. */
  const instance = async (clock: Clock): Promise<App> => {
    const app = await buildApp({ config, ...(await deps.appDeps()), logger, hub, clock });
    await app.ready();
    t.teardown(() => app.close());
    return app;
  };
  /** A sweeper on its own connections (an instance's), with its own clock; not stopped here. */
  const sweeper = async (clock: Clock) => {
    const own = await deps.appDeps();
    const s = startQuerySweeper({ ...own, logger, clock, intervalMs: 3_600_000 });
    t.teardown(async () => {
      await s.stop();
      await own.bus.close();
      await own.db.destroy();
    });
    return s;
  };

  const tokens = new Map<string, string>();
  const headersOf = async (who: string): Promise<Record<string, string>> => {
    if (who === 'anonymous') return {};
    if (who === 'admin') return { authorization: `Bearer ${ADMIN}` };
    if (!tokens.has(who)) tokens.set(who, (await mintToken(db, who, 'publisher')).token);
    return { authorization: `Bearer ${tokens.get(who)!}` };
  };
  const request = async (
    app: App,
    method: Method,
    url: string,
    who: string,
    payload?: object,
    headers: Record<string, string> = {},
  ) =>
    app.inject({
      method,
      url,
      headers: { ...(await headersOf(who)), ...headers },
      ...(payload ? { payload } : {}),
    });
  return { db, bus, projector, instance, sweeper, request, headersOf };
}

/** A query body due in `days` from `today` (YYYY-MM-DD). */
export function queryBody(deadline: string, extra: Record<string, unknown> = {}) {
  return {
    title: { en: 'Reintegration grants: what works?', fr: 'Aides à la réintégration' },
    questions: [
      {
        ref: 'grants',
        text: { en: 'Do you run reintegration grants?', fr: 'Avez-vous des aides ?' },
      },
      { ref: 'evaluation', text: { es: '¿Quién evalúa los programas?' } },
    ],
    themes: ['return-reintegration'],
    deadline,
    ...extra,
  };
}
