import t from 'tap';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { natsAnswers, startNatsServer } from './index.ts';

async function withJetStream<T>(
  url: string,
  fn: (nc: Awaited<ReturnType<typeof connect>>) => Promise<T>,
) {
  const nc = await connect({ servers: url });
  try {
    return await fn(nc);
  } finally {
    await nc.close();
  }
}

t.test('startNatsServer: restart and crash keep the port and the JetStream data', async (t) => {
  const server = await startNatsServer();
  t.teardown(() => server.dispose());
  t.match(server.url, /^nats:\/\/127\.0\.0\.1:\d+$/);
  const { port, url } = server;

  await withJetStream(url, async (nc) => {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: 'KEEP', subjects: ['keep.>'] });
    const ack = await jetstream(nc).publish('keep.a', 'one');
    t.equal(ack.seq, 1);
  });

  await server.restart();
  t.equal(server.port, port, 'same port after restart');
  await withJetStream(url, async (nc) => {
    const msg = await (await jetstreamManager(nc)).streams.getMessage('KEEP', { seq: 1 });
    t.equal(msg?.string(), 'one', 'the acked message survived a graceful restart');
    await jetstream(nc).publish('keep.b', 'two');
  });

  await server.kill();
  t.equal(server.pid, undefined, 'no process after kill');
  t.notOk(await natsAnswers(url), 'nothing answers after kill');
  await server.restart();
  await withJetStream(url, async (nc) => {
    const info = await (await jetstreamManager(nc)).streams.info('KEEP');
    t.equal(info.state.messages, 2, 'the acked messages survived a crash of the process');
  });

  await server.stop();
  t.notOk(await natsAnswers(url), 'nothing answers after stop');
});
