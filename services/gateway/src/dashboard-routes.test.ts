import { gzipSync } from 'node:zlib';
import t from 'tap';
import { createApp, createLogger, createServiceApp } from '@rcpx/service-kit';
import { mintToken, openTestDb } from '@rcpx/testing';
import { dashboardBundle } from './dashboard-bundle.ts';
import { DASHBOARD_CSP, dashboardRoutes } from './dashboard-routes.ts';

// Serving the dashboard: the page, its hashed assets, content types, caching and the CSP.

/** The dashboard's script, gzipped: a page on a workshop LAN, with room for what it does. */
const DASHBOARD_JS_BUDGET = 20 * 1024;

t.test('the page and its assets', async (t) => {
  const app = createApp({ logger: createLogger({ LOG_LEVEL: 'silent' }) });
  await app.register(dashboardRoutes);
  t.teardown(() => app.close());

  const page = await app.inject({ method: 'GET', url: '/dashboard?lang=fr&asOf=3' });
  t.equal(page.statusCode, 200);
  t.equal(page.headers['content-type'], 'text/html; charset=utf-8');
  t.equal(page.headers['cache-control'], 'no-cache');
  t.equal(page.headers['content-security-policy'], DASHBOARD_CSP);
  t.equal(page.headers['referrer-policy'], 'no-referrer');
  t.equal(page.headers['x-content-type-options'], 'nosniff');
  t.notMatch(DASHBOARD_CSP, /https?:|\*|unsafe/, 'no external origin, nothing inline');
  t.match(DASHBOARD_CSP, /frame-ancestors 'none'/);
  t.notMatch(page.body, /https?:\/\//, 'the page loads nothing from elsewhere');

  const refs = [...page.body.matchAll(/(?:src|href)="(\/dashboard\/assets\/[^"]+)"/g)].map(
    (m) => m[1]!,
  );
  t.equal(refs.length, 2, 'one script, one stylesheet');
  for (const ref of refs) {
    const res = await app.inject({ method: 'GET', url: ref });
    t.equal(res.statusCode, 200, ref);
    t.match(res.headers['content-type'], ref.endsWith('.js') ? /^text\/javascript/ : /^text\/css/);
    t.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable');
    t.match(res.headers.etag, /^"[\w-]+"$/);
    t.notMatch(res.body, /https?:\/\/(?!www\.w3\.org)/, `${ref} refers to no other origin`);
    const again = await app.inject({
      method: 'GET',
      url: ref,
      headers: { 'if-none-match': String(res.headers.etag) },
    });
    t.equal(again.statusCode, 304, `${ref} revalidates`);
    t.equal(again.body, '');
    const map = await app.inject({ method: 'GET', url: `${ref}.map` });
    t.equal(map.statusCode, 200, `${ref}.map`);
    t.match(map.headers['content-type'], /^application\/json/);
  }

  const cached = await app.inject({
    method: 'GET',
    url: '/dashboard',
    headers: { 'if-none-match': String(page.headers.etag) },
  });
  t.equal(cached.statusCode, 304, 'the page revalidates by ETag');

  const head = await app.inject({ method: 'HEAD', url: '/dashboard' });
  t.equal(head.statusCode, 200);

  const slash = await app.inject({ method: 'GET', url: '/dashboard/?asOf=5&lang=es' });
  t.equal(slash.statusCode, 308);
  t.equal(slash.headers.location, '/dashboard?asOf=5&lang=es');

  for (const url of ['/dashboard/assets/nope.js', '/dashboard/assets/..%2Fsrc%2Fmain.ts']) {
    const missing = await app.inject({ method: 'GET', url });
    t.equal(missing.statusCode, 404, url);
    t.match(missing.headers['content-type'], /application\/problem\+json/);
  }
});

t.test('the bundle is built once per process', async (t) => {
  t.equal(dashboardBundle(), dashboardBundle(), 'one build, shared');
  const bundle = await dashboardBundle();
  t.ok(
    [...bundle.assets.keys()].every((n) => /^(app|styles)-[A-Z0-9]+\.(js|css)(\.map)?$/.test(n)),
  );
});

t.test('the script stays within its budget; no HTML parsing of data anywhere', async (t) => {
  const bundle = await dashboardBundle();
  const scripts = [...bundle.assets.values()].filter((a) => a.name.endsWith('.js'));
  t.equal(scripts.length, 1);
  const gzipped = scripts.reduce((n, a) => n + gzipSync(a.body).length, 0);
  t.ok(gzipped <= DASHBOARD_JS_BUDGET, `${gzipped} bytes gzipped (budget ${DASHBOARD_JS_BUDGET})`);
  for (const a of scripts) {
    t.notMatch(a.body.toString('utf8'), /innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
  }
});

t.test(
  'an unknown or revoked access_token: a 401 page for the browser, JSON for the API',
  async (t) => {
    const { db } = await openTestDb(t);
    const app = await createServiceApp({
      logger: createLogger({ LOG_LEVEL: 'silent' }),
      db,
      openapi: { title: 'dashboard test', description: 'the page behind auth' },
    });
    await app.register(dashboardRoutes);
    t.teardown(() => app.close());
    const url = '/dashboard?access_token=rcpx_unknown';

    const page = await app.inject({ url, headers: { accept: 'text/html,*/*;q=0.8' } });
    t.equal(page.statusCode, 401);
    t.equal(page.headers['content-type'], 'text/html; charset=utf-8');
    t.match(page.body, /<h1>401 Unauthorized<\/h1>/);
    t.match(page.body, /unknown or revoked/);
    t.notMatch(page.body, /rcpx_unknown/, 'the token is not echoed');

    const json = await app.inject({ url });
    t.equal(json.statusCode, 401);
    t.match(json.headers['content-type'], /^application\/problem\+json/);
    const { token } = await mintToken(db, 'igc', 'reader');
    const ok = await app.inject({
      url: `/dashboard?access_token=${token}`,
      headers: { accept: 'text/html' },
    });
    t.equal(ok.statusCode, 200, 'a valid token opens the page');
  },
);
