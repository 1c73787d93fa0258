import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import { BusUnavailableError } from './errors.ts';

export interface BusConfig {
  url: string;
  /** Stream name, default `RCPX`. */
  stream?: string;
  /** Subject prefix, default `rcpx`: subjects are `<prefix>.events.<kind>.<id>`. */
  subjectPrefix?: string;
  /** Connection name shown by the server. */
  name?: string;
  /** Replicas of the stream (default 1; 3 on a 3-node cluster). */
  replicas?: number;
}

export interface Bus {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  stream: string;
  prefix: string;
  /** Replicas `ensureStream` gives the stream (1 unless configured). */
  replicas?: number;
  close(): Promise<void>;
}

/** Default wait for a JetStream API answer or a publish ack. */
export const DEFAULT_TIMEOUT_MS = 2000;
const DRAIN_TIMEOUT_MS = 5000;

// Connection state as seen through the status events; a Bus built by hand has no entry.
const links = new WeakMap<NatsConnection, { connected: boolean }>();

/**
 * False while the client is disconnected (reconnecting) or closed. Writes fail fast then instead
 * of being buffered by the client and flushed on reconnect after the caller has given up.
 */
export function isConnected(bus: Pick<Bus, 'nc'>): boolean {
  if (bus.nc.isClosed() || bus.nc.isDraining()) return false;
  return links.get(bus.nc)?.connected ?? true;
}

/** Throws BusUnavailableError unless the connection is up. */
export function assertConnected(bus: Pick<Bus, 'nc'>, what: string): void {
  if (!isConnected(bus)) throw new BusUnavailableError(`${what}: not connected to NATS`);
}

function watchStatus(nc: NatsConnection): void {
  const link = { connected: true };
  links.set(nc, link);
  void (async () => {
    for await (const s of nc.status()) {
      if (s.type === 'disconnect') link.connected = false;
      else if (s.type === 'reconnect') link.connected = true;
    }
  })().catch(() => {});
  void nc.closed().then(() => {
    link.connected = false;
  });
}

/** Connects to NATS (reconnecting forever afterwards); the first connect fails fast. */
export async function connectBus(cfg: BusConfig): Promise<Bus> {
  let nc: NatsConnection;
  try {
    nc = await connect({
      // a cluster is given as a comma-separated list of its servers
      servers: cfg.url.split(',').map((s) => s.trim()),
      name: cfg.name ?? 'rcpx',
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
      timeout: DEFAULT_TIMEOUT_MS,
      // Without this the client builds two errors with stack traces for every request (a tenth
      // of ingest's CPU per write, half the raw publish rate); our errors name the operation.
      noAsyncTraces: true,
    });
  } catch (err) {
    throw new BusUnavailableError(`cannot connect to NATS at ${cfg.url}`, { cause: err });
  }
  let jsm: JetStreamManager;
  try {
    jsm = await jetstreamManager(nc, { timeout: DEFAULT_TIMEOUT_MS });
  } catch (err) {
    await nc.close().catch(() => {});
    throw new BusUnavailableError(`JetStream unavailable at ${cfg.url}`, { cause: err });
  }
  watchStatus(nc);
  let closing: Promise<void> | undefined;
  return {
    nc,
    js: jetstream(nc, { timeout: DEFAULT_TIMEOUT_MS }),
    jsm,
    stream: cfg.stream ?? 'RCPX',
    prefix: cfg.subjectPrefix ?? 'rcpx',
    replicas: cfg.replicas ?? 1,
    close() {
      closing ??= (async () => {
        if (nc.isClosed()) return;
        // Draining needs the server: while reconnecting, or if it stalls, just close.
        if (isConnected({ nc })) {
          let timer: NodeJS.Timeout | undefined;
          const stalled = new Promise<void>((resolve) => {
            timer = setTimeout(resolve, DRAIN_TIMEOUT_MS);
          });
          await Promise.race([nc.drain().catch(() => {}), stalled]);
          clearTimeout(timer);
        }
        if (!nc.isClosed()) await nc.close().catch(() => {});
      })();
      return closing;
    },
  };
}
