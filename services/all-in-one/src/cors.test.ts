import { test } from 'tap';
import { spawnAllInOne } from '@rcpx/testing';

// RCPX_CORS_ORIGINS from the environment reaches every route of `npm start`.
test('npm start with RCPX_CORS_ORIGINS: a listed site may call the API from a browser', async (t) => {
  const site = 'https://www.baliprocess.example';
  const proc = await spawnAllInOne(t, {
    admin: 'cors-test-admin-token',
    env: { RCPX_CORS_ORIGINS: `${site},http://localhost:5173` },
  });

  const base = proc.baseUrl;
  const preflight = await fetch(`${base}/v1/practices`, {
    method: 'OPTIONS',
    headers: {
      origin: site,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization, content-type, idempotency-key',
    },
  });
  t.equal(preflight.status, 204);
  t.equal(preflight.headers.get('access-control-allow-origin'), site);
  t.match(preflight.headers.get('access-control-allow-headers'), /idempotency-key/);
  for (const path of [
    '/v1/themes',
    '/v1/feeds/themes/health.atom',
    '/v1/events',
    '/v1/subscriptions',
  ]) {
    const res = await fetch(`${base}${path}`, { headers: { origin: site } });
    t.equal(res.headers.get('access-control-allow-origin'), site, path);
  }
  const other = await fetch(`${base}/v1/themes`, { headers: { origin: 'https://evil.example' } });
  t.equal(other.headers.get('access-control-allow-origin'), null);
  t.equal((await proc.kill('SIGTERM')).code, 0);
});
