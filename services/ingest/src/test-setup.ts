import type { LightMyRequestResponse } from 'fastify';
import type { Test } from 'tap';
import { lastSeq, readBySeq, type Bus } from '@rcpx/bus';
import { createLogger } from '@rcpx/service-kit';
import type { App } from '@rcpx/service-kit';
import { openTestDeps, type TeardownHost } from '@rcpx/testing';
import { buildApp } from './app.ts';

// Test-only helpers of the ingest tests (not part of the package API).

export const ADMIN_TOKEN = 'test-admin-token-ingest';

export interface Harness {
  app: App;
  bus: Bus;
  /** A fresh token of `participant` (minted through the admin endpoint). */
  mint(participant: string, role?: 'publisher' | 'reader'): Promise<string>;
  /** The stream's last seq. */
  lastSeq(): Promise<number>;
  readBySeq: (seq: number) => ReturnType<typeof readBySeq>;
  /** Runs `fn`, then asserts that the stream's last seq did not move. */
  appendsNothing(t: Test, fn: () => Promise<void>): Promise<void>;
}

/** An ingest app on a fresh database and stream (closed at teardown). */
export async function setup(t: TeardownHost, natsUrl?: string): Promise<Harness> {
  const { db, bus } = await openTestDeps(t, { db: { max: 4 }, natsUrl });
  const app = await buildApp({
    config: { RCPX_ADMIN_TOKEN: ADMIN_TOKEN },
    db,
    bus,
    logger: createLogger({ LOG_LEVEL: 'silent' }),
  });
  // Closes db and bus (given to it) before the database and stream are removed.
  t.teardown(() => app.close());
  return {
    app,
    bus,
    async mint(participant, role = 'publisher') {
      const res = await app.inject({
        method: 'POST',
        url: '/v1/admin/tokens',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        payload: { participant, role },
      });
      if (res.statusCode !== 201) throw new Error(`mint: ${res.statusCode} ${res.body}`);
      return (res.json() as { token: string }).token;
    },
    lastSeq: () => lastSeq(bus),
    readBySeq: (seq) => readBySeq(bus, seq),
    async appendsNothing(t, fn) {
      const before = await lastSeq(bus);
      await fn();
      t.equal(await lastSeq(bus), before, 'nothing was appended');
    },
  };
}

/** `Authorization: Bearer <token>` plus `extra`. */
export function auth(token: string, extra: Record<string, string> = {}): Record<string, string> {
  return { authorization: `Bearer ${token}`, ...extra };
}

/** A valid practice body. */
export function practice(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: { en: 'Bilateral labour agreements', fr: 'Accords bilatéraux de main-d’œuvre' },
    summary: { en: 'Model clauses for recruitment fees.' },
    themes: ['labour-migration', 'human-rights'],
    countries: ['LK', 'AE'],
    ...overrides,
  };
}

/** The JSON body of a response. */
export function json<T = Record<string, unknown>>(res: LightMyRequestResponse): T {
  return res.json() as T;
}
