import t from 'tap';
import pg from 'pg';
import { pgAnswers, startPostgres } from './index.ts';

async function select(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

t.test(
  'startPostgres starts an embedded server that answers and restarts with its data',
  async (t) => {
    const server = await startPostgres();
    t.teardown(() => server.dispose());
    t.match(server.url, /^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);

    t.same(await select(server.url, 'select 1 as one'), [{ one: 1 }]);
    await select(server.url, 'create table kept (id int); insert into kept values (7)');

    await server.restart();
    t.same(await select(server.url, 'select id from kept'), [{ id: 7 }], 'data kept over restart');

    await server.stop();
    t.notOk(await pgAnswers(server.url, 1_000), 'nothing answers after stop');
  },
);
