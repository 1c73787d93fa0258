// Test-only: a query app on a fresh database, with reader tokens for a few participants.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { hashToken, insertToken } from '@rcpx/db';
import type { Database } from '@rcpx/db';
import { createLogger } from '@rcpx/service-kit';
import type { App } from '@rcpx/service-kit';
import { openTestDb } from '@rcpx/testing';
import type { TeardownHost } from '@rcpx/testing';
import { buildApp } from './app.ts';

/** The readers of the visibility matrix. */
export const READERS = ['anonymous', 'bali-process', 'colombo-process', 'iom', 'admin'] as const;
export type ReaderName = (typeof READERS)[number];

export interface QueryTestApp {
  app: App;
  db: Kysely<Database>;
  schema: string;
  /** `Authorization` headers per reader (`{}` for anonymous). */
  auth(reader: ReaderName): Record<string, string>;
  /** GET `url` as `reader`; the parsed JSON body (or null) beside the raw response. */
  get(
    url: string,
    reader?: ReaderName,
    headers?: Record<string, string>,
  ): Promise<{ status: number; headers: Record<string, unknown>; body: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** A query app (via `buildApp`) on a fresh database whose read models are in `schema`. */
export async function startQueryApp(t: TeardownHost, schema = 'rm'): Promise<QueryTestApp> {
  const { db } = await openTestDb(t, { readModels: schema, db: { onError: () => {} } });
  const adminToken = `admin_${randomBytes(16).toString('hex')}`;
  const tokens = new Map<ReaderName, string>([['admin', adminToken]]);
  for (const participant of ['bali-process', 'colombo-process', 'iom'] as const) {
    const token = `rcpx_${participant}_${randomBytes(16).toString('hex')}`;
    await insertToken(db, { participant, role: 'reader', hash: hashToken(token) });
    tokens.set(participant, token);
  }
  const app = await buildApp({
    config: { RCPX_READ_SCHEMA: schema, RCPX_ADMIN_TOKEN: adminToken },
    db,
    logger: createLogger({ LOG_LEVEL: 'silent' }),
  });
  await app.ready();
  t.teardown(() => app.close());

  const auth = (reader: ReaderName): Record<string, string> => {
    const token = tokens.get(reader);
    return token === undefined ? {} : { authorization: `Bearer ${token}` };
  };
  return {
    app,
    db,
    schema,
    auth,
    async get(url, reader = 'anonymous', headers = {}) {
      const res = await app.inject({
        method: 'GET',
        url,
        headers: { ...auth(reader), ...headers },
      });
      const body = res.body === '' ? null : JSON.parse(res.body);
      return { status: res.statusCode, headers: res.headers, body };
    },
  };
}
