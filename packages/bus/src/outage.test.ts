// Fault tests against a private nats-server (own port and store dir) that the test kills.
import t from 'tap';
import { append } from './append.ts';
import { connectBus } from './connect.ts';
import type { Bus } from './connect.ts';
import { consumeBatches } from './consume.ts';
import { BusUnavailableError, isBusUnavailable } from './errors.ts';
import { lastOnSubject, readBySeq } from './read.ts';
import { replay } from './replay.ts';
import { ensureStream, subjectFor } from './stream.ts';
import { eventually, newEvent, spawnNats, uniqueNames } from './test-helpers.ts';
import type { StoredEvent } from './stored-event.ts';

// A call during an outage must settle (reject), never hang. The guard only tells a hang from an
// answer: the calls time out after 2 s, and on a loaded machine the answer may come much later.
const GUARD_MS = 30_000;

async function settlesWithin<T>(p: Promise<T>, ms: number): Promise<{ value?: T; err?: unknown }> {
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still pending after ${ms} ms`)), ms);
  });
  try {
    return { value: await Promise.race([p, guard]) };
  } catch (err) {
    return { err };
  } finally {
    clearTimeout(timer);
  }
}

async function ownBus(t: Parameters<typeof spawnNats>[0]) {
  const nats = await spawnNats(t);
  const bus = await connectBus({ url: nats.url, ...uniqueNames() });
  t.teardown(() => bus.close());
  await ensureStream(bus);
  return { nats, bus };
}

const appendOne = (bus: Bus, id = 'a') => append(bus, subjectFor(bus, 'practice', id), newEvent());

t.test(
  'during an outage append rejects with BusUnavailableError; after it, it works',
  async (t) => {
    const { nats, bus } = await ownBus(t);
    await appendOne(bus);
    await nats.stop();

    // Right after the kill (the client may not have noticed yet) and once it has.
    for (const when of ['at once', 'later']) {
      if (when === 'later') await new Promise((r) => setTimeout(r, 300));
      const { err } = await settlesWithin(appendOne(bus), GUARD_MS);
      t.ok(err instanceof BusUnavailableError, `append ${when}: BusUnavailableError (${err})`);
      t.ok(isBusUnavailable(err));
    }
    const read = await settlesWithin(readBySeq(bus, 1), GUARD_MS);
    t.ok(read.err instanceof BusUnavailableError, 'reads fail the same way');
    const last = await settlesWithin(
      lastOnSubject(bus, subjectFor(bus, 'practice', 'a')),
      GUARD_MS,
    );
    t.ok(last.err instanceof BusUnavailableError);

    await nats.start();
    const after = await eventually(() => appendOne(bus, 'b'));
    t.equal(after.duplicate, false, 'the same Bus appends again, without a new connect');
    t.equal((await readBySeq(bus, after.seq))?.seq, after.seq);
    t.notOk(bus.nc.isClosed());
  },
);

t.test(
  'with a short timeoutMs, a publish during an outage rejects before the default',
  async (t) => {
    const { nats, bus } = await ownBus(t);
    await nats.stop();
    // Both start together; timers fire in deadline order however loaded the machine is, so the
    // one with the 300 ms timeout settles first (no bound on how long either takes).
    const settled: string[] = [];
    const publish = (name: string, opts: { timeoutMs?: number }) =>
      settlesWithin(
        append(bus, subjectFor(bus, 'practice', name), newEvent(), opts),
        GUARD_MS,
      ).then((r) => {
        settled.push(name);
        return r;
      });
    const [short, long] = await Promise.all([
      publish('short', { timeoutMs: 300 }),
      publish('long', {}),
    ]);
    t.ok(short.err instanceof BusUnavailableError, `short: ${short.err}`);
    t.ok(long.err instanceof BusUnavailableError, `default: ${long.err}`);
    t.same(settled, ['short', 'long'], 'the short timeout settles first');
  },
);

t.test('replay and consumeBatches carry on across a server restart without gaps', async (t) => {
  const { nats, bus } = await ownBus(t);
  for (let i = 0; i < 5; i++) await appendOne(bus, `x${i}`);

  const ac = new AbortController();
  t.teardown(() => ac.abort());
  const replayed: number[] = [];
  const replaying = (async () => {
    for await (const e of replay(bus, { afterSeq: 0, signal: ac.signal })) replayed.push(e.seq);
  })();
  const consumed: number[] = [];
  const consuming = consumeBatches(bus, {
    durable: 'proj',
    startSeq: 1,
    signal: ac.signal,
    logger: { warn: () => {} },
    handler: async (batch: StoredEvent[]) => {
      consumed.push(...batch.map((e) => e.seq));
    },
  });
  await eventually(async () => {
    if (replayed.length < 5 || consumed.length < 5) throw new Error('not yet');
  });

  await nats.stop();
  await new Promise((r) => setTimeout(r, 300));
  await nats.start();
  for (let i = 5; i < 10; i++) await eventually(() => appendOne(bus, `x${i}`));

  await eventually(async () => {
    if (replayed.length < 10 || consumed.length < 10) {
      throw new Error(`replayed ${replayed.length}, consumed ${consumed.length}`);
    }
  }, 150);
  ac.abort();
  await Promise.all([replaying, consuming]);
  const all = Array.from({ length: 10 }, (_, i) => i + 1);
  t.same(replayed, all, 'replay: every seq once, in order');
  t.same(consumed, all, 'consumeBatches: every seq once, in order');
});

t.test(
  'replicas starting while NATS is away: ensureStream waits (patienceMs), one stream',
  async (t) => {
    const nats = await spawnNats(t);
    const names = uniqueNames();
    const buses = await Promise.all(
      Array.from({ length: 6 }, () => connectBus({ url: nats.url, ...names })),
    );
    t.teardown(() => Promise.all(buses.map((b) => b.close())));
    await nats.stop();

    const impatient = await settlesWithin(ensureStream(buses[0]!), GUARD_MS);
    t.ok(impatient.err instanceof BusUnavailableError, 'without patience: it fails at once');
    const ensuring = buses.map((b) =>
      settlesWithin(ensureStream(b, { patienceMs: 20_000 }), GUARD_MS),
    );
    await new Promise((r) => setTimeout(r, 1_000));
    await nats.start();
    const results = await Promise.all(ensuring);
    t.same(
      results.map((r) => r.err),
      buses.map(() => undefined),
      'every start gets its stream once the server is back',
    );
    await appendOne(buses[0]!);
    t.equal((await buses[5]!.jsm.streams.info(names.stream)).state.messages, 1, 'one stream');
  },
);
