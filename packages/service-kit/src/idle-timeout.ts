import type { IncomingMessage, Server } from 'node:http';
import type { Socket } from 'node:net';

/** Default of `RCPX_HTTP_IDLE_TIMEOUT_MS`. */
export const DEFAULT_IDLE_TIMEOUT_MS = 10_000;

/**
 * Closes the server's sockets that stay silent for `idleMs`: a connection that sends nothing, or
 * stops in the middle of its headers or body. A request that has fully arrived is never cut
 * (a slow answer, a Server-Sent Events stream); an upgraded WebSocket is not this server's any
 * more (`ws` turns the timeout off). Between keep-alive requests Node's `keepAliveTimeout`
 * applies. `idleMs` 0 turns it off.
 */
export function closeIdleSockets(server: Server, idleMs: number): void {
  if (idleMs <= 0) return;
  // The request being answered on each socket (one at a time: no pipelining in flight).
  const answering = new WeakMap<Socket, IncomingMessage>();
  server.on('request', (req: IncomingMessage, res) => {
    const socket = req.socket;
    answering.set(socket, req);
    res.once('close', () => {
      if (answering.get(socket) === req) answering.delete(socket);
    });
  });
  // With a 'timeout' listener Node no longer destroys timed-out sockets itself: decide here.
  server.on('timeout', (socket: Socket) => {
    if (answering.get(socket)?.complete) return;
    socket.destroy();
  });
  server.setTimeout(idleMs);
}
