import t from 'tap';
import pg from 'pg';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { createTestEnv, getInfra } from './index.ts';
import { isStaleTestDatabase } from './sweep.ts';

async function query<R extends pg.QueryResultRow>(
  url: string,
  sql: string,
  params: unknown[] = [],
) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

const databaseName = (url: string) => decodeURIComponent(new URL(url).pathname.slice(1));

t.test('createTestEnv isolates databases and streams, and removes them at teardown', async (t) => {
  const { databaseUrl: baseUrl, natsUrl } = await getInfra();
  let created: { database: string; stream: string } | undefined;

  await t.test('two environments', async (t) => {
    const [a, b] = await Promise.all([createTestEnv(t), createTestEnv(t)]);
    t.not(a.databaseUrl, b.databaseUrl);
    t.not(a.stream, b.stream);
    t.not(a.subjectPrefix, b.subjectPrefix);
    t.match(a.stream, /^T_[0-9a-z]+$/);
    t.match(a.subjectPrefix, /^t[0-9a-z]+$/);
    t.equal(a.natsUrl, natsUrl);

    await query(a.databaseUrl, 'create table only_in_a (id int)');
    const inA = await query(a.databaseUrl, "select to_regclass('only_in_a') as t");
    const inB = await query(b.databaseUrl, "select to_regclass('only_in_a') as t");
    t.equal(inA[0]?.t, 'only_in_a');
    t.equal(inB[0]?.t, null, 'the table does not leak into another environment');

    // the stream itself is created by @rcpx/bus; here by hand, to see teardown delete it
    const nc = await connect({ servers: a.natsUrl });
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: a.stream, subjects: [`${a.subjectPrefix}.events.>`] });
    await nc.close();
    created = { database: databaseName(a.databaseUrl), stream: a.stream };
  });

  t.ok(created);
  const left = await query(baseUrl, 'select 1 from pg_database where datname = $1', [
    created?.database,
  ]);
  t.equal(left.length, 0, 'the database was dropped at teardown');
  const nc = await connect({ servers: natsUrl });
  const jsm = await jetstreamManager(nc);
  const names: string[] = [];
  for await (const name of jsm.streams.names()) names.push(name);
  await nc.close();
  t.notOk(names.includes(created?.stream ?? ''), 'the stream was deleted at teardown');
});

t.test('teardown tolerates a stream that was never created', async (t) => {
  await t.test('env without stream', async (t) => {
    const env = await createTestEnv(t);
    t.ok(env.stream);
  });
});

t.test("the sweep drops only createTestEnv's databases older than the cutoff", async (t) => {
  const now = Date.now();
  const old = `t_${(now - 2 * 3_600_000).toString(36)}_abcdefghij`;
  const fresh = `t_${now.toString(36)}_abcdefghij`;
  const cutoff = now - 3_600_000;
  t.ok(isStaleTestDatabase(old, cutoff), 'an abandoned test database');
  t.notOk(isStaleTestDatabase(fresh, cutoff), 'one in use');
  // another package's test databases, live in a run going on beside this one
  t.notOk(isStaleTestDatabase('t_db_35279f433698', cutoff), "@rcpx/db's freshDb");
  t.notOk(isStaleTestDatabase('rcpx_sk_0a1b2c3d4e5f', cutoff));
  t.notOk(isStaleTestDatabase('test', cutoff));
});
