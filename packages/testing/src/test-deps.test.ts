import t from 'tap';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { findTokenByHash, hashToken } from '@rcpx/db';
import type { Database } from '@rcpx/db';
import { mintToken, openTestDb, openTestDeps, serviceEnv } from './index.ts';

const tableIn = async (db: Kysely<Database>, name: string) =>
  (await sql<{ t: string | null }>`select to_regclass(${name})::text as t`.execute(db)).rows[0]?.t;

t.test(
  'openTestDeps: migrated database, connected bus on a fresh stream, closed at teardown',
  async (t) => {
    let closed: (() => boolean) | undefined;
    await t.test('deps', async (t) => {
      const { env, db, bus, appDeps } = await openTestDeps(t, { readModels: true });
      t.equal(bus.stream, env.stream);
      t.equal(bus.prefix, env.subjectPrefix);
      t.ok(await bus.jsm.streams.info(env.stream), 'the stream exists');
      t.equal(await tableIn(db, 'public.tokens'), 'tokens', 'core migrated');
      t.equal(await tableIn(db, 'rm.events'), 'rm.events', 'read models migrated into rm');

      const app = await appDeps();
      t.not(app.db, db, 'an app gets a pool of its own');
      t.not(app.bus, bus, 'and a connection of its own');
      await app.bus.close();
      await app.db.destroy();
      await bus.close(); // an app closing what it was given: teardown closing again is fine
      closed = () => bus.nc.isClosed();
    });
    t.ok(closed?.(), 'the bus was closed');
  },
);

t.test('openTestDb: read models into a named schema, no bus', async (t) => {
  const { db } = await openTestDb(t, { readModels: 'rm_x' });
  t.equal(await tableIn(db, 'rm_x.events'), 'rm_x.events');
  t.equal(await tableIn(db, 'rm.events'), null);
});

t.test('mintToken stores the hash of a new token; serviceEnv points at the env', async (t) => {
  const { env, db } = await openTestDb(t);
  const { token, id } = await mintToken(db, 'iom', 'publisher');
  t.match(await findTokenByHash(db, hashToken(token)), {
    id,
    participant: 'iom',
    role: 'publisher',
  });
  const reader = await mintToken(db, 'iom');
  t.not(reader.token, token);
  t.match(await findTokenByHash(db, hashToken(reader.token)), { role: 'reader' });
  t.same(serviceEnv(env), {
    DATABASE_URL: env.databaseUrl,
    NATS_URL: env.natsUrl,
    RCPX_STREAM: env.stream,
    RCPX_SUBJECT_PREFIX: env.subjectPrefix,
  });
});
