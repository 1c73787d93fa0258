import { gzipSync } from 'node:zlib';
import t from 'tap';
import { createApp, createLogger } from '@rcpx/service-kit';
import { PAGE_CSP } from './web-page.ts';
import { workspaceBundle, workspaceRoutes } from './workspace-routes.ts';

// Serving the workspace: one page for every view under /app (404 where there is none), its
// hashed assets, the CSP, and the size budget of its script.

t.test('the page under every view, and its assets', async (t) => {
  const app = createApp({ logger: createLogger({ LOG_LEVEL: 'silent' }) });
  await app.register(workspaceRoutes);
  t.teardown(() => app.close());

  const id = '0b6f7f5e-3c2a-4b8e-9a51-6f1d2b7c9e10';
  const views = [
    '/app',
    '/app/',
    '/app/practices?themes=trafficking&q=port',
    `/app/practices/${id}`,
    '/app/practices/new',
    '/app/meetings/new',
    '/app/publications/new',
    `/app/practices/${id}/edit`,
    `/app/meetings/${id}/edit`,
    '/app/meetings',
    `/app/meetings/${id}?text=fr`,
    '/app/publications',
    `/app/publications/${id}`,
    '/app/sign-in?next=/app/practices/new',
    '/app/subscriptions',
    `/app/subscriptions/${id}`,
  ];
  let html = '';
  for (const url of views) {
    const page = await app.inject({ method: 'GET', url });
    t.equal(page.statusCode, 200, url);
    t.equal(page.headers['content-type'], 'text/html; charset=utf-8', url);
    t.equal(page.headers['content-security-policy'], PAGE_CSP, url);
    t.equal(page.headers['cache-control'], 'no-cache', url);
    t.equal(page.headers['referrer-policy'], 'no-referrer', url);
    t.equal(page.headers['x-content-type-options'], 'nosniff', url);
    html = page.body;
  }
  for (const url of [
    '/app/nope',
    '/app/practices/not-an-id',
    '/app/themes/new',
    `/app/practices/${id}/delete`,
    '/app/practices/new/edit',
    '/app/x/y/z',
    '/app/subscriptions/new',
  ]) {
    const page = await app.inject({ method: 'GET', url });
    t.equal(page.statusCode, 404, `${url}: the page says not found, with a 404`);
    t.equal(page.headers['content-type'], 'text/html; charset=utf-8');
  }

  t.notMatch(PAGE_CSP, /https?:|\*|unsafe/, 'no external origin, nothing inline');
  t.notMatch(html, /https?:\/\//, 'the page loads nothing from elsewhere');
  t.notMatch(html, /<script(?![^>]*\bsrc=)/, 'no inline script');
  t.notMatch(html, /<style|\bstyle=/, 'no inline style');

  const refs = [...html.matchAll(/(?:src|href)="(\/app\/assets\/[^"]+)"/g)].map((m) => m[1]!);
  t.equal(refs.length, 2, 'one script, one stylesheet');
  for (const ref of refs) {
    const res = await app.inject({ method: 'GET', url: ref });
    t.equal(res.statusCode, 200, ref);
    t.match(res.headers['content-type'], ref.endsWith('.js') ? /^text\/javascript/ : /^text\/css/);
    t.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable');
    t.notMatch(res.body, /https?:\/\/(?!www\.w3\.org)/, `${ref} refers to no other origin`);
    const again = await app.inject({
      method: 'GET',
      url: ref,
      headers: { 'if-none-match': String(res.headers.etag) },
    });
    t.equal(again.statusCode, 304, `${ref} revalidates`);
  }
  for (const url of ['/app/assets/nope.js', '/app/assets/..%2Fsrc%2Fmain.ts']) {
    const missing = await app.inject({ method: 'GET', url });
    t.equal(missing.statusCode, 404, url);
    t.match(missing.headers['content-type'], /application\/problem\+json/);
  }
});

t.test('the script stays within 150 KB gzipped; no innerHTML anywhere, no zod', async (t) => {
  const bundle = await workspaceBundle();
  t.equal(workspaceBundle(), workspaceBundle(), 'one build, shared');
  const scripts = [...bundle.assets.values()].filter((a) => a.name.endsWith('.js'));
  t.equal(scripts.length, 1);
  const gzipped = scripts.reduce((n, a) => n + gzipSync(a.body).length, 0);
  t.ok(gzipped <= 150 * 1024, `${gzipped} bytes gzipped`);
  for (const a of scripts) {
    t.notMatch(a.body.toString('utf8'), /innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
    // plain data only from @rcpx/contracts (EVENT_TYPES, PARTICIPANTS…), never its schemas
    t.notMatch(a.body.toString('utf8'), /ZodError/, 'no zod in the bundle');
  }
});
