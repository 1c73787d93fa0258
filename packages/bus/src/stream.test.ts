import t from 'tap';
import { nanos } from '@nats-io/transport-node';
import { connectBus } from './connect.ts';
import { BusUnavailableError } from './errors.ts';
import { append } from './append.ts';
import { DUPLICATE_WINDOW_MS, ensureStream, lastSeq, subjectFor } from './stream.ts';
import { NATS_URL, newEvent, uniqueNames } from './test-helpers.ts';

t.test('ensureStream creates the stream, is idempotent, and repairs its config', async (t) => {
  const bus = await connectBus({ url: NATS_URL, ...uniqueNames() });
  t.teardown(async () => {
    await bus.jsm.streams.delete(bus.stream).catch(() => {});
    await bus.close();
  });
  await ensureStream(bus);
  await ensureStream(bus);
  let info = await bus.jsm.streams.info(bus.stream);
  t.same(info.config.subjects, [`${bus.prefix}.events.>`]);
  t.equal(info.config.storage, 'file');
  t.equal(info.config.discard, 'old');
  t.equal(info.config.allow_direct, true);
  t.equal(info.config.duplicate_window, nanos(DUPLICATE_WINDOW_MS));
  t.equal(info.config.max_msgs, -1);
  t.equal(info.config.max_age, 0);

  await bus.jsm.streams.update(bus.stream, { ...info.config, duplicate_window: nanos(60_000) });
  await ensureStream(bus);
  info = await bus.jsm.streams.info(bus.stream);
  t.equal(info.config.duplicate_window, nanos(DUPLICATE_WINDOW_MS), 'updated back');
  t.equal(await lastSeq(bus), 0);
});

t.test('connectBus fails fast with BusUnavailableError when nothing listens', async (t) => {
  await t.rejects(connectBus({ url: 'nats://127.0.0.1:1' }), BusUnavailableError);
});

t.test('close drains once and is idempotent', async (t) => {
  const bus = await connectBus({ url: NATS_URL, ...uniqueNames() });
  await Promise.all([bus.close(), bus.close()]);
  t.ok(bus.nc.isClosed());
  await bus.close();
  await t.rejects(
    append(bus, subjectFor(bus, 'practice', 'a'), newEvent()),
    BusUnavailableError,
    'append on a closed bus',
  );
});
