import { randomUUID } from 'node:crypto';
import t from 'tap';
import { append, connectBus, ensureStream, lastSeq, replay, subjectFor, type Bus } from '@rcpx/bus';
import { eventSubject, sourceOf, type NewEvent } from '@rcpx/contracts';
import { startNatsCluster, waitFor } from '@rcpx/testing';

// `replay` (the live hub's ordered consumer) on an R3 log: the node serving the consumer dies
// -9. The stream lives on (2 of 3 nodes), so must the replay: it goes on from the last seq it
// yielded, with no gap and no repeat, without waiting for the dead node to come back.

const cluster = await startNatsCluster();
t.teardown(() => cluster.dispose());
const bus: Bus = await connectBus({
  url: cluster.url,
  stream: 'REPLAY_FAULT',
  subjectPrefix: 'replayfault',
  replicas: 3,
});
t.teardown(() => bus.close());
await ensureStream(bus);

/** Appends `n` events, retrying (with a msg id: exactly once) while the log elects a leader. */
async function appendMany(n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const id = randomUUID();
    const event: NewEvent = {
      specversion: '1.0',
      id,
      source: sourceOf('bali-process'),
      type: 'org.rcpx.practice.shared',
      subject: eventSubject('practice', id),
      time: new Date().toISOString(),
      datacontenttype: 'application/json',
      rcpxversion: 1,
      data: {},
    };
    await waitFor(() => append(bus, subjectFor(bus, 'practice', id), event, { msgId: id }), {
      timeoutMs: 30_000,
      message: 'append did not go through',
    });
  }
}

// Guards the watch above against false alarms: a caller that holds an event pulls nothing, so
// the server sends no heartbeat meanwhile; that is no reason to replace the consumer.
t.test('a caller holding an event for seconds keeps the same consumer', async (t) => {
  // more than one pull's worth (1,024): the next pull waits behind the events held
  const total = 1100;
  await appendMany(total);
  const names = async () => {
    const list = await bus.jsm.consumers.list(bus.stream).next();
    return list.map((c) => c.name);
  };
  let before: string[] = [];
  let after: string[] = [];
  const seen: number[] = [];
  for await (const e of replay(bus, { afterSeq: 0 })) {
    seen.push(e.seq);
    if (e.seq === 1) {
      before = await names();
      await new Promise((r) => setTimeout(r, 4_000));
    }
    if (e.seq === total) {
      after = await names();
      break;
    }
  }
  t.same(
    seen,
    Array.from({ length: total }, (_, i) => i + 1),
    'every seq once, in order',
  );
  t.equal(before.length, 1, 'one ordered consumer');
  t.same(after, before, 'the same consumer served them all');
});

/** The node named `name` (`rcpx-nats-<n>`). */
const nodeNamed = (name: string | undefined) =>
  cluster.nodes[Number(/rcpx-nats-(\d)$/.exec(name ?? '')?.[1]) - 1];

t.test(
  'the node serving the ordered consumer or the connection dies: replay goes on',
  async (t) => {
    const seen: number[] = [];
    const ac = new AbortController();
    t.teardown(() => ac.abort());
    const base = await lastSeq(bus);
    const following = (async () => {
      for await (const e of replay(bus, { afterSeq: base, signal: ac.signal })) seen.push(e.seq);
    })();
    await appendMany(20);
    await waitFor(() => seen.length === 20, { message: 'replay did not deliver' });

    const rounds = [
      ['the node the client is connected to', () => bus.nc.info?.server_name],
      [
        'the node serving the ordered consumer',
        async () => (await bus.jsm.consumers.list(bus.stream).next())[0]?.cluster?.leader,
      ],
    ] as const;
    for (const [which, nameOf] of rounds) {
      // (the cluster may still be settling after the previous round: asked until it answers)
      const node = nodeNamed(await waitFor(nameOf, { timeoutMs: 30_000 }));
      t.ok(node, `${which} is known`);
      const expected = seen.length + 20;
      await node!.kill();
      await appendMany(20);
      await waitFor(() => seen.length >= expected, {
        timeoutMs: 20_000,
        message: `replay stalled at ${seen.length} events with ${which} down`,
      }).catch((err: unknown) => t.fail((err as Error).message));
      t.same(
        seen,
        Array.from({ length: expected }, (_, i) => base + i + 1),
        `${which} killed: every seq once, in order`,
      );
      await node!.restart();
      await waitFor(
        async () => {
          const replicas = (await bus.jsm.streams.info(bus.stream)).cluster?.replicas ?? [];
          return replicas.length === 2 && replicas.every((r) => r.current && !r.offline);
        },
        { timeoutMs: 30_000, message: 'the restarted node did not catch up' },
      );
    }
    ac.abort();
    await following;
  },
);
