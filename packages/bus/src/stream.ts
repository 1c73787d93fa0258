import { nanos } from '@nats-io/transport-node';
import { DiscardPolicy, JetStreamApiError, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import type { StreamConfig } from '@nats-io/jetstream';
import { natsSubject, natsSubjectsPrefix } from '@rcpx/contracts';
import type { Bus } from './connect.ts';
import { isBusUnavailable, toBusError } from './errors.ts';
import { backoffMs, sleep } from './sleep.ts';

/** Messages with the same `Nats-Msg-Id` within this window are stored once. */
export const DUPLICATE_WINDOW_MS = 24 * 60 * 60 * 1000;

// "stream name already in use with a different configuration"
const ERR_STREAM_NAME_IN_USE = 10058;

/** The subject of one aggregate: `<prefix>.events.<kind>.<id>` (`natsSubject`). */
export function subjectFor(bus: Pick<Bus, 'prefix'>, kind: string, id: string): string {
  return natsSubject(bus.prefix, kind, id);
}

/** The stream configuration of the log. */
export function streamConfig(
  bus: Pick<Bus, 'stream' | 'prefix' | 'replicas'>,
): Partial<StreamConfig> & { name: string } {
  return {
    name: bus.stream,
    subjects: [`${natsSubjectsPrefix(bus.prefix)}>`],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    max_msgs: -1,
    max_bytes: -1,
    max_age: 0,
    max_msgs_per_subject: -1,
    max_msg_size: -1,
    max_consumers: -1,
    num_replicas: bus.replicas ?? 1,
    duplicate_window: nanos(DUPLICATE_WINDOW_MS),
    allow_direct: true,
    allow_rollup_hdrs: false,
    deny_delete: false,
    deny_purge: false,
  };
}

/** How long `ensureStream` keeps trying while NATS or JetStream does not answer. */
export interface EnsureStreamOptions {
  /**
   * Retry an unavailable bus (disconnected, or a JetStream API timeout, as while a fresh
   * cluster places an R3 stream) with backoff for this long (default 0: fail at once).
   * A service starting up passes it; a processor's term has its own retries.
   */
  patienceMs?: number;
}

/** Creates the stream, or updates it to the expected configuration. Idempotent. */
export async function ensureStream(bus: Bus, opts: EnsureStreamOptions = {}): Promise<void> {
  const deadline = Date.now() + (opts.patienceMs ?? 0);
  for (let attempt = 0; ; attempt++) {
    try {
      return await createOrUpdate(bus);
    } catch (err) {
      if (!isBusUnavailable(err) || Date.now() >= deadline) throw err;
      await sleep(Math.min(backoffMs(attempt, 200, 2_000), Math.max(0, deadline - Date.now())));
    }
  }
}

async function createOrUpdate(bus: Bus): Promise<void> {
  const cfg = streamConfig(bus);
  try {
    await bus.jsm.streams.add(cfg);
  } catch (err) {
    if (!(err instanceof JetStreamApiError && err.code === ERR_STREAM_NAME_IN_USE)) {
      throw toBusError(err, 'ensure stream');
    }
    const { name: _name, retention: _r, storage: _s, ...update } = cfg;
    try {
      await bus.jsm.streams.update(bus.stream, update);
    } catch (e) {
      throw toBusError(e, 'update stream');
    }
  }
}

/** The stream's last sequence, 0 when it is empty. */
export async function lastSeq(bus: Bus): Promise<number> {
  try {
    const info = await bus.jsm.streams.info(bus.stream);
    return info.state.last_seq;
  } catch (err) {
    throw toBusError(err, 'stream info');
  }
}
