import type { Test } from 'tap';
import { startLiveHub } from '@rcpx/gateway';
import { startProjector } from '@rcpx/projector';
import { createLogger, loadConfig } from '@rcpx/service-kit';
import { mintToken, openTestDeps, serviceEnv } from '@rcpx/testing';
import { startWebhookWorker } from '@rcpx/webhooks';
import { buildApp } from './app.ts';
import { AllInOneConfig } from './config.ts';

// Test-only: the whole exchange in one app on a test database and stream, with the projector,
// the webhook worker (loopback targets allowed), and helpers to call it as a participant (or
// anonymously) — for the follow-up tests.

export interface Answer {
  status: number;
  headers: Record<string, unknown>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export type Call = (
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  as?: string | null,
  payload?: object,
  headers?: Record<string, string>,
) => Promise<Answer>;

/** The app and `call(method, url, as, payload?, headers?)`: `as` a participant, null anonymous. */
export async function startExchange(t: Test): Promise<{ call: Call; admin: string }> {
  const deps = await openTestDeps(t, { readModels: true });
  const admin = 'follow-ups-admin';
  const config = loadConfig(AllInOneConfig, {
    ...serviceEnv(deps.env),
    RCPX_ADMIN_TOKEN: admin,
    RCPX_RATE_LIMIT: '1000000',
    RCPX_WEBHOOK_ALLOW: '127.0.0.1',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
  });
  const logger = createLogger(config);
  const { db, bus } = deps;
  const projector = startProjector({ db, bus, logger });
  t.teardown(() => projector.stop());
  const hub = await startLiveHub({ bus, logger });
  t.teardown(() => hub.close());
  const worker = startWebhookWorker({ db, bus, logger, config });
  t.teardown(() => worker.close());
  const app = await buildApp({ config, ...(await deps.appDeps()), logger, hub, wake: worker.wake });
  await app.ready();
  t.teardown(() => app.close());
  const tokens = new Map<string, string>();
  const tokenOf = async (who: string) => {
    if (who === 'admin') return admin;
    let token = tokens.get(who);
    if (!token) {
      token = (await mintToken(db, who, 'publisher')).token;
      tokens.set(who, token);
    }
    return token;
  };
  const call: Call = async (method, url, as = null, payload, headers = {}) => {
    const auth = as === null ? {} : { authorization: `Bearer ${await tokenOf(as)}` };
    const res = await app.inject({
      method,
      url,
      headers: { ...auth, ...headers },
      ...(payload ? { payload } : {}),
    });
    const type = String(res.headers['content-type'] ?? '');
    return {
      status: res.statusCode,
      headers: res.headers,
      body: type.includes('json') ? res.json() : res.body,
    };
  };
  return { call, admin };
}

/** A meeting body: a declaration `r1` and the outcomes given. */
export function meetingBody(outcomes: object[], visibility: object = { level: 'public' }) {
  return {
    meeting: {
      title: { en: 'Senior Officials Meeting', fr: 'Réunion des hauts fonctionnaires' },
      level: 'senior-officials',
      startsOn: '2005-04-14',
    },
    outcomes: [{ ref: 'r1', kind: 'declaration', text: { en: 'We commit.' } }, ...outcomes],
    themes: ['trafficking'],
    visibility,
  };
}
