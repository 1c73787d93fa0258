// Test helpers shared by this service's tests (not part of the exported API).
import type { Bus } from '@rcpx/bus';
import type { Visibility } from '@rcpx/contracts';
import type { Database } from '@rcpx/db';
import { appendPracticeEvent, mintToken, openTestDeps } from '@rcpx/testing';
import type { TeardownHost, TestDeps } from '@rcpx/testing';
import type { Kysely } from 'kysely';
import { createLogger } from '@rcpx/service-kit';
import type { App } from '@rcpx/service-kit';
import { buildApp } from './app.ts';
import type { WebhookSettings } from './settings.ts';
import { startWebhookWorker } from './worker.ts';
import type { WebhookWorker } from './worker.ts';

/** A fresh database (core + read models migrated) and stream for one test file. */
export function harness(t: TeardownHost): Promise<TestDeps> {
  return openTestDeps(t, { readModels: true });
}

export const quietLogger = () =>
  createLogger({ LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' });

/**
 * The webhook worker on `deps` and an app on a pool and connection of its own (waking the worker),
 * loopback targets allowed, no admin token, read models in `rm`; both closed at teardown.
 */
export async function startWebhooks(
  t: TeardownHost,
  deps: TestDeps,
  settings: Partial<WebhookSettings> = {},
): Promise<{ app: App; worker: WebhookWorker }> {
  const logger = quietLogger();
  const config = {
    RCPX_WEBHOOK_ALLOW: ['127.0.0.1'],
    RCPX_ADMIN_TOKEN: undefined,
    RCPX_READ_SCHEMA: 'rm',
    ...settings,
  };
  const worker = startWebhookWorker({ db: deps.db, bus: deps.bus, logger, config });
  t.teardown(() => worker.close());
  const app = await buildApp({ config, ...(await deps.appDeps()), logger, wake: worker.wake });
  t.teardown(() => app.close());
  return { app, worker };
}

/** A token of `participant` (role reader unless said otherwise). */
export async function tokenFor(
  db: Kysely<Database>,
  participant: string,
  role: 'reader' | 'publisher' = 'reader',
): Promise<string> {
  return (await mintToken(db, participant, role)).token;
}

export interface PracticeSpec {
  participant: string;
  visibility?: Visibility;
  themes?: string[];
  title?: string;
}

/** Appends a `practice.shared` event straight to the log; returns its id and seq. */
export function appendPractice(
  bus: Bus,
  spec: PracticeSpec,
): Promise<{ id: string; seq: number; itemId: string }> {
  return appendPracticeEvent(bus, {
    participant: spec.participant,
    data: {
      title: { en: spec.title ?? `Practice of ${spec.participant}` },
      themes: spec.themes ?? ['trafficking'],
      visibility: spec.visibility ?? { level: 'public' },
    },
  });
}

// the HTTP receiver lives in @rcpx/testing (the gateway's browser tests use it too)
export { startReceiver, type Received } from '@rcpx/testing';
