import type { AddressInfo } from 'node:net';
import t from 'tap';
import { createLogger } from '@rcpx/service-kit';
import { openTestDeps } from '@rcpx/testing';
import { buildApp } from './app.ts';

// A browser EventSource on another origin needs Access-Control-Allow-Origin on the stream's
// response, which the SSE route writes itself (hijacked) rather than through Fastify's reply.

const SITE = 'https://secretariat.example.org';

t.test('SSE answers an allowed origin with the CORS headers; others get none', async (t) => {
  const { db, bus } = await openTestDeps(t, { db: { max: 4 } });
  const app = await buildApp({
    config: { RCPX_ADMIN_TOKEN: 'test-admin-token-live-cors', RCPX_CORS_ORIGINS: [SITE] },
    db,
    bus,
    logger: createLogger({ LOG_LEVEL: 'silent' }),
  });
  t.teardown(() => app.close());
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;

  const open = async (origin: string) => {
    const stop = new AbortController();
    const res = await fetch(`http://127.0.0.1:${port}/v1/live`, {
      headers: { accept: 'text/event-stream', origin },
      signal: stop.signal,
    });
    stop.abort();
    return res;
  };
  const allowed = await open(SITE);
  t.equal(allowed.status, 200);
  t.match(allowed.headers.get('content-type'), /text\/event-stream/);
  t.equal(allowed.headers.get('access-control-allow-origin'), SITE);
  t.match(allowed.headers.get('access-control-expose-headers'), /rcpx-after/);
  const refused = await open('https://elsewhere.example.net');
  t.equal(refused.status, 200);
  t.equal(refused.headers.get('access-control-allow-origin'), null);
});
