import type { Kysely } from 'kysely';
import type { Database } from '@rcpx/db';
import type { AuthGuardOptions } from './auth-guard.ts';
import { authPlugin } from './auth-plugin.ts';
import { createApp } from './app.ts';
import { dbPlugin } from './db-plugin.ts';
import { createLogger } from './logger.ts';

// Test-only: an app with the auth plugin on a database that counts its SELECTs (the token
// lookups), and a GET /whoami that answers who the request is.

/** The app (closed at `t`'s teardown) and how many lookups it ran so far. */
export async function countedAuthApp(
  t: { teardown(fn: () => unknown): void },
  base: Kysely<Database>,
  adminToken: string,
  guard: AuthGuardOptions = {},
) {
  let lookups = 0;
  const db = base.withPlugin({
    transformQuery(args) {
      if (args.node.kind === 'SelectQueryNode') lookups += 1;
      return args.node;
    },
    transformResult: async (args) => args.result,
  });
  const app = createApp({ logger: createLogger({ LOG_LEVEL: 'silent' }) });
  await app.register(dbPlugin, { db, close: false });
  await app.register(authPlugin, { adminToken, guard });
  app.get('/whoami', async (req) => req.reader);
  t.teardown(() => app.close());
  await app.ready();
  return { app, lookups: () => lookups };
}
