import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Kysely } from 'kysely';
import { WebSocket } from 'ws';
import type { Bus } from '@rcpx/bus';
import type { CloudEvent, Visibility } from '@rcpx/contracts';
import type { Database } from '@rcpx/db';
import { createLogger } from '@rcpx/service-kit';
import type { App } from '@rcpx/service-kit';
import { appendPracticeEvent, mintToken, openTestDeps } from '@rcpx/testing';
import type { TeardownHost } from '@rcpx/testing';
import { buildApp } from './app.ts';
import type { GatewayDeps } from './app.ts';
import { startLiveHub } from './live-hub.ts';
import type { LiveHub, LiveHubOptions } from './live-hub.ts';

// Test-only helpers of the gateway tests (not part of the package API).

export const ADMIN_TOKEN = 'test-admin-token-gateway';

export interface Gateway {
  app: App;
  hub: LiveHub;
  bus: Bus;
  db: Kysely<Database>;
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** `ws://127.0.0.1:<port>/v1/live` */
  wsUrl: string;
  /** A fresh token of `participant`, with its id. */
  mint(participant: string, role?: 'publisher' | 'reader'): Promise<{ token: string; id: string }>;
}

/** A gateway listening on a free port, on a fresh database and stream (closed at teardown). */
export async function startGateway(
  t: TeardownHost,
  opts: Pick<GatewayDeps, 'settings'> & {
    hub?: Omit<LiveHubOptions, 'bus' | 'logger'>;
    /** The gateway gets a NATS connection of its own (`bus` is then the test's, as ingest's). */
    ownConnection?: boolean;
    /** A NATS server of the test's own. */
    natsUrl?: string;
    /** `RCPX_HTTP_IDLE_TIMEOUT_MS` (default the service-kit default). */
    idleTimeoutMs?: number;
    /** Migrate the read models (schema `rm`), for tests that run the projector. */
    readModels?: boolean;
  } = {},
): Promise<Gateway> {
  const deps = await openTestDeps(t, {
    db: { max: 4 },
    ...(opts.readModels && { readModels: true }),
    ...(opts.natsUrl ? { natsUrl: opts.natsUrl } : {}),
  });
  const { db, bus } = deps;
  let appBus = bus;
  if (opts.ownConnection) {
    const own = await deps.appDeps();
    await own.db.destroy();
    appBus = own.bus;
    t.teardown(() => own.bus.close());
  }
  const logger = createLogger({ LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const hub = await startLiveHub({ bus: appBus, logger, ...opts.hub });
  const app = await buildApp({
    config: {
      RCPX_ADMIN_TOKEN: ADMIN_TOKEN,
      ...(opts.idleTimeoutMs !== undefined && { RCPX_HTTP_IDLE_TIMEOUT_MS: opts.idleTimeoutMs }),
    },
    db,
    bus: appBus,
    logger,
    liveHub: hub,
    ...(opts.settings ? { settings: opts.settings } : {}),
  });
  t.teardown(async () => {
    await hub.close();
    await app.close();
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return {
    app,
    hub,
    bus,
    db,
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/v1/live`,
    mint: (participant, role = 'reader') => mintToken(db, participant, role),
  };
}

export interface EventSpec {
  participant?: string;
  themes?: string[];
  countries?: string[];
  visibility?: Visibility;
  type?: string;
  /** Pads the event to about this many bytes (slow-consumer tests). */
  padding?: number;
}

/** Appends one practice event straight to the log; returns its seq. */
export async function publish(bus: Bus, spec: EventSpec = {}): Promise<number> {
  const itemId = randomUUID();
  const { seq } = await appendPracticeEvent(bus, {
    participant: spec.participant ?? 'bali-process',
    itemId,
    type: spec.type,
    data: {
      title: { en: `Practice ${itemId}` },
      ...(spec.padding ? { body: { en: 'x'.repeat(spec.padding) } } : {}),
      themes: spec.themes ?? ['trafficking'],
      ...(spec.countries ? { countries: spec.countries } : {}),
      visibility: spec.visibility ?? { level: 'public' },
    },
  });
  return seq;
}

/** A WebSocket client collecting the events it receives. */
export interface WsClient {
  ws: WebSocket;
  events: CloudEvent[];
  seqs(): number[];
  /** Resolves with the close code and reason. */
  closed: Promise<{ code: number; reason: string }>;
  /** The `Rcpx-After` header of the upgrade response. */
  after: number;
}

/** Opens a WebSocket to `url` (rejects with the HTTP status when the upgrade is refused). */
export function openWs(
  url: string,
  opts: { token?: string; autoPong?: boolean; maxEvents?: number } = {},
): Promise<WsClient> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, {
      headers: opts.token ? { authorization: `Bearer ${opts.token}` } : {},
      autoPong: opts.autoPong ?? true,
    });
    const events: CloudEvent[] = [];
    let after = -1;
    const closed = new Promise<{ code: number; reason: string }>((res) =>
      ws.once('close', (code, reason) => res({ code, reason: reason.toString() })),
    );
    ws.on('message', (data) => {
      if (events.length === opts.maxEvents) return;
      events.push(JSON.parse(String(data)) as CloudEvent);
      // Cut at once: what else is in flight is lost, as on a dropped connection.
      if (events.length === opts.maxEvents) ws.terminate();
    });
    ws.once('upgrade', (res) => {
      after = Number(res.headers['rcpx-after']);
    });
    ws.once('unexpected-response', (req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += String(c)));
      res.on('end', () => {
        req.destroy();
        reject(
          Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode, body }),
        );
      });
    });
    ws.once('error', reject);
    ws.once('open', () =>
      resolve({ ws, events, seqs: () => events.map((e) => e.rcpxseq), closed, after }),
    );
  });
}

/** A Server-Sent Events client collecting events, comments and the named control events. */
export interface SseClient {
  status: number;
  headers: Headers;
  events: CloudEvent[];
  seqs(): number[];
  /** Every dispatched message: `{event, data, id}` (control events included). */
  messages: { event: string; data: string; id: string | undefined }[];
  /** Comment lines received (`: ping`). */
  comments: string[];
  /** Resolves when the stream ended (by the server or `close()`). */
  ended: Promise<void>;
  /** The body text of a refused request. */
  body: string;
  close(): void;
  /** Stops reading the body (the server's buffer fills); `resume()` reads on. */
  pause(): void;
  resume(): void;
}

/** Opens an SSE stream at `url` (resolves after the response headers, whatever the status). */
export async function openSse(
  url: string,
  opts: { token?: string; headers?: Record<string, string>; maxEvents?: number } = {},
): Promise<SseClient> {
  const ac = new AbortController();
  const res = await fetch(url, {
    headers: {
      accept: 'text/event-stream',
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...opts.headers,
    },
    signal: ac.signal,
  });
  const client: SseClient = {
    status: res.status,
    headers: res.headers,
    events: [],
    seqs: () => client.events.map((e) => e.rcpxseq),
    messages: [],
    comments: [],
    ended: Promise.resolve(),
    body: '',
    close: () => ac.abort(),
    pause: () => {
      paused = new Promise((r) => (unpause = r));
    },
    resume: () => unpause(),
  };
  let paused: Promise<void> | null = null;
  let unpause: () => void = () => {};
  if (!res.ok || !res.body) {
    client.body = await res.text();
    return client;
  }
  const body = res.body;
  client.ended = (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    let lastId: string | undefined;
    try {
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let event = 'message';
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) client.comments.push(line);
            else if (line.startsWith('id: ')) lastId = line.slice(4);
            else if (line.startsWith('event: ')) event = line.slice(7);
            else if (line.startsWith('data: ')) data.push(line.slice(6));
          }
          if (data.length === 0) continue;
          client.messages.push({ event, data: data.join('\n'), id: lastId });
          if (event.startsWith('org.rcpx.')) {
            if (client.events.length === opts.maxEvents) break;
            client.events.push(JSON.parse(data.join('\n')) as CloudEvent);
            if (client.events.length === opts.maxEvents) ac.abort();
          }
        }
        if (paused) {
          await paused;
          paused = null;
        }
      }
    } catch {
      // Aborted or cut.
    }
  })();
  return client;
}
