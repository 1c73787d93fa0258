import fastifyWebsocket from '@fastify/websocket';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import type { Writable } from 'node:stream';
import ipaddr from 'ipaddr.js';
import { EVENT_TYPES, LiveQuery, filtersOf } from '@rcpx/contracts';
import type { CloudEvent, Reader } from '@rcpx/contracts';
import { MembershipCache, ProblemError, problem } from '@rcpx/service-kit';
import { DEFAULT_LIVE_SETTINGS } from './config.ts';
import { withheldSeqs } from './current-audience.ts';
import type { LiveSettings } from './config.ts';
import { LiveConnection } from './live-connection.ts';
import { LiveFilter } from './live-filter.ts';
import { liveMetrics } from './live-metrics.ts';
import { startLiveHub } from './live-hub.ts';
import type { LiveHub } from './live-hub.ts';
import { SseSink } from './sse-sink.ts';
import { liveSessionIds, liveTokenIds } from './token-revalidator.ts';
import { WsSink } from './ws-sink.ts';

export interface GatewayRoutesOptions {
  /** The process's hub; by default one is started on `fastify.bus` and closed with the app. */
  hub?: LiveHub;
  settings?: Partial<LiveSettings>;
  /** The read-model schema (`RCPX_READ_SCHEMA`, default `rm`): resumes serve history under it. */
  schema?: string;
}

/** Response header: the seq this stream starts after (resume with it if nothing arrives). */
export const AFTER_HEADER = 'rcpx-after';

const DESCRIPTION = `Live events, as WebSocket messages (upgrade) or Server-Sent Events
(\`Accept: text/event-stream\`; \`id:\` = seq, \`event:\` = type). Filters are comma-separated lists,
OR within a list and AND across lists: \`themes\`, \`participants\`, \`types\`, \`countries\` (of the
event's data), \`memberState\` (events of every process those states are members of), with \`theme\`, \`participant\`, \`type\`, \`country\` as aliases of one value; an
unknown parameter is a 400. \`after\` (or \`Last-Event-ID\`) resumes: every matching
event with a higher seq is sent first, then live ones, with no gap and no duplicate. The token may
also come as \`access_token\`. Close codes: see docs/live.md.`;

function acceptsEventStream(accept: string | undefined): boolean {
  if (accept === undefined || accept.trim() === '') return true;
  return /(^|,)\s*(text\/event-stream|text\/\*|\*\/\*)\s*(;|,|$)/i.test(accept);
}

/** Decrements a connection count, forgetting it at zero. */
function release1(counts: Map<string, number>, key: string): void {
  const n = (counts.get(key) ?? 1) - 1;
  if (n > 0) counts.set(key, n);
  else counts.delete(key);
}

/** Connection-limit key: the token (participants, admin); anonymous share the process limit. */
function limitKey(reader: Reader): string | null {
  if (reader.kind === 'participant') return `token:${reader.tokenId}`;
  if (reader.kind === 'admin') return 'admin';
  return null;
}

/**
 * Per-address limit key: the IPv4 address (also when IPv4-mapped), or the /64 network of an
 * IPv6 address (what one client usually holds).
 */
export function addressKey(ip: string): string {
  if (!ipaddr.isValid(ip)) return ip;
  const addr = ipaddr.process(ip);
  if (addr.kind() === 'ipv4') return addr.toString();
  return `${ipaddr.IPv6.networkAddressFromCIDR(`${addr.toString()}/64`).toString()}/64`;
}

/**
 * Whether a request signed in by a session cookie comes from a page of this origin: no `Origin`
 * header (not sent by a same-origin fetch), or one whose host is the request's. A browser sends
 * the cookie with any WebSocket to this host (CORS does not apply to WebSockets); this keeps
 * another origin's page from reading a signed-in user's live feed.
 */
function sameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === request.host;
  } catch {
    return false;
  }
}

function lastEventId(request: FastifyRequest): number | undefined {
  const raw = request.headers['last-event-id'];
  if (raw === undefined || raw === '') return undefined;
  const value = Array.isArray(raw) ? raw[0]! : raw;
  if (!/^\d{1,16}$/.test(value.trim()) || !Number.isSafeInteger(Number(value))) {
    throw problem.badRequest('Last-Event-ID must be a seq (a non-negative integer).', [
      { path: 'headers.last-event-id', message: 'must be a non-negative integer' },
    ]);
  }
  return Number(value);
}

/**
 * `GET /v1/live` over WebSocket and Server-Sent Events. Needs `rcpx-auth` (request.reader) and
 * `rcpx-db` (token revalidation) registered before it, and `rcpx-bus` unless `hub` is given.
 * Registers @fastify/websocket in its own scope when the app does not have it yet.
 */
export const gatewayRoutes: FastifyPluginAsync<GatewayRoutesOptions> = async (fastify, opts) => {
  const settings: LiveSettings = { ...DEFAULT_LIVE_SETTINGS, ...opts.settings };
  const hub = opts.hub ?? (await startLiveHub({ bus: fastify.bus, logger: fastify.log }));
  if (!opts.hub) fastify.addHook('onClose', async () => hub.close());

  const withheld = withheldSeqs(fastify.db, opts.schema ?? 'rm');
  // `memberState`: the current memberships, kept by the membership events of the hub's stream
  // (a watcher sees each frame before the connections: a change applies from the next frame) and
  // reloaded from the read models every 30 s
  const memberships = await new MembershipCache(fastify.db, opts.schema ?? 'rm', {
    logger: fastify.log,
  }).start();
  const unobserve = hub.watch({
    offer(frame) {
      if (frame.type === EVENT_TYPES.membershipChanged) {
        memberships.observe(JSON.parse(frame.json.toString('utf8')) as CloudEvent);
      }
    },
  });
  fastify.addHook('onClose', async () => {
    unobserve();
    memberships.close();
  });
  const connections = new Set<LiveConnection>();
  const perKey = new Map<string, number>();
  const perAddress = new Map<string, number>();
  const admitted = new WeakMap<IncomingMessage, LiveConnection>();
  const metrics = fastify.hasDecorator('metrics')
    ? liveMetrics(fastify.metrics, hub, () => connections.size)
    : undefined;

  const shutdownAll = () => {
    for (const c of connections) c.shutdown();
  };
  if (!fastify.hasDecorator('websocketServer')) {
    await fastify.register(fastifyWebsocket, {
      options: { maxPayload: 4096, perMessageDeflate: false },
      errorHandler(err, socket, request) {
        request.log.debug({ err }, 'live: WebSocket error');
        socket.terminate();
      },
      preClose(done) {
        shutdownAll();
        this.websocketServer.close(() => done());
      },
    });
  }
  fastify.addHook('preClose', async () => shutdownAll());
  // An upgrade answered over plain HTTP (refused, or not a live route) is closed by
  // @rcpx/service-kit's createApp.
  fastify.websocketServer.on('headers', (headers: string[], req: IncomingMessage) => {
    const c = admitted.get(req);
    if (c) headers.push(`Rcpx-After: ${c.startAfter}`);
  });

  const heartbeat = setInterval(() => {
    for (const c of connections) c.heartbeat();
  }, settings.heartbeatMs);
  heartbeat.unref();

  // The browser session a connection was signed in by (its cookie): it ends with the session.
  const sessionOf = new Map<LiveConnection, string>();
  let checking = false;
  const revalidate = setInterval(() => {
    if (checking) return;
    const ids = new Set<string>();
    for (const c of connections) if (c.reader.kind === 'participant') ids.add(c.reader.tokenId);
    const sessionIds = new Set(sessionOf.values());
    if (ids.size === 0 && sessionIds.size === 0) return;
    checking = true;
    Promise.all([liveTokenIds(fastify.db, [...ids]), liveSessionIds(fastify.db, [...sessionIds])])
      .then(([live, liveSessions]) => {
        for (const c of connections) {
          if (c.reader.kind === 'participant' && !live.has(c.reader.tokenId)) c.revoke();
          const session = sessionOf.get(c);
          if (session !== undefined && !liveSessions.has(session)) c.revoke();
        }
      })
      .catch((err: unknown) => fastify.log.warn({ err }, 'live: token revalidation failed'))
      .finally(() => {
        checking = false;
      });
  }, settings.revalidateMs);
  revalidate.unref();
  fastify.addHook('onClose', async () => {
    clearInterval(heartbeat);
    clearInterval(revalidate);
  });

  /** Checks the limits and subscribes the connection to the hub, before any upgrade. */
  const admit = async (request: FastifyRequest) => {
    if (!request.ws && !acceptsEventStream(request.headers.accept)) {
      throw new ProblemError(
        406,
        'Not Acceptable',
        'GET /v1/live answers a WebSocket upgrade or Accept: text/event-stream.',
      );
    }
    if (request.session && !sameOrigin(request)) {
      throw problem.forbidden(
        'A live connection signed in by a session cookie must come from a page of this origin.',
      );
    }
    const query = request.query as LiveQuery;
    const after = query.after ?? lastEventId(request);
    if (connections.size >= settings.maxConnections) {
      throw problem.unavailable(5, 'Too many live connections on this server.');
    }
    const address = addressKey(request.ip);
    const fromAddress = perAddress.get(address) ?? 0;
    if (fromAddress >= settings.maxPerAddress) {
      throw problem.tooMany(
        5,
        `At most ${settings.maxPerAddress} live connections per client address; close one first.`,
      );
    }
    const key = limitKey(request.reader);
    const used = key === null ? 0 : (perKey.get(key) ?? 0);
    if (key !== null && used >= settings.maxPerToken) {
      throw problem.tooMany(
        5,
        `At most ${settings.maxPerToken} live connections per token; close one first.`,
      );
    }
    if (key !== null) perKey.set(key, used + 1);
    perAddress.set(address, fromAddress + 1);
    const filter = new LiveFilter(request.reader, filtersOf(query), memberships);
    const socket = request.raw.socket;
    const release = () => conn.close();
    const conn: LiveConnection = new LiveConnection({
      hub,
      filter,
      after,
      maxBufferedBytes: settings.maxBufferedBytes,
      maxPendingFrames: settings.maxPendingFrames,
      withheld,
      onClose: (reason) => {
        metrics?.closed(reason);
        socket.off('close', release);
        connections.delete(conn);
        sessionOf.delete(conn);
        if (key !== null) release1(perKey, key);
        release1(perAddress, address);
      },
      onError: (err) => request.log.error({ err }, 'live: connection failed'),
    });
    connections.add(conn);
    if (request.session) sessionOf.set(conn, request.session.id);
    admitted.set(request.raw, conn);
    // Whatever happens next (upgrade refused, client gone), the TCP close releases it.
    socket.once('close', release);
  };

  fastify.route({
    method: 'GET',
    url: '/v1/live',
    exposeHeadRoute: false,
    schema: {
      tags: ['live'],
      summary: 'Live events over WebSocket or Server-Sent Events',
      description: DESCRIPTION,
      querystring: LiveQuery,
    },
    preHandler: admit,
    handler: async (request, reply) => {
      const conn = admitted.get(request.raw);
      if (!conn) throw problem.internal();
      admitted.delete(request.raw);
      reply.hijack();
      const res = reply.raw;
      // headers set before the hijack (CORS) would otherwise be lost
      for (const [name, value] of Object.entries(reply.getHeaders())) {
        if (value !== undefined) res.setHeader(name, value);
      }
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        [AFTER_HEADER]: String(conn.startAfter),
      });
      // `id:` alone sets an EventSource's Last-Event-ID without dispatching an event.
      res.write(`retry: 1000\nid: ${conn.startAfter}\n\n`);
      conn.attach(new SseSink(res, () => conn.close()));
    },
    wsHandler: (socket, request) => {
      const conn = admitted.get(request.raw);
      if (!conn) {
        socket.terminate();
        return;
      }
      admitted.delete(request.raw);
      conn.attach(new WsSink(socket, request.raw.socket as Writable, () => conn.close()));
    },
  });
};
