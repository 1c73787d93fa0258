import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** A built file of the dashboard, served under `/dashboard/assets/<name>`. */
export interface DashboardAsset {
  name: string;
  body: Buffer;
  contentType: string;
  /** Strong ETag (quoted). */
  etag: string;
}

/** The dashboard as served: its page and its content-hashed assets. */
export interface DashboardBundle {
  html: DashboardAsset;
  assets: ReadonlyMap<string, DashboardAsset>;
}

/** The dashboard's source folder (`services/gateway/dashboard`). */
export const DASHBOARD_DIR = fileURLToPath(new URL('../dashboard/', import.meta.url));

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
};

const etagOf = (body: Buffer) =>
  `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;

const asset = (name: string, body: Buffer): DashboardAsset => ({
  name,
  body,
  contentType: TYPES[extname(name)] ?? 'application/octet-stream',
  etag: etagOf(body),
});

/**
 * Bundles the dashboard with esbuild in memory (nothing is written): `src/main.ts` and
 * `src/styles.css` into content-hashed, minified assets with linked source maps, and
 * `index.html` pointing at them. Self-contained: no CDN, works offline.
 */
export async function buildDashboard(): Promise<DashboardBundle> {
  const result = await build({
    absWorkingDir: DASHBOARD_DIR,
    entryPoints: { app: 'src/main.ts', styles: 'src/styles.css' },
    outdir: 'dist',
    entryNames: '[name]-[hash]',
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022', 'chrome100', 'firefox100', 'safari15'],
    minify: true,
    sourcemap: 'linked',
    legalComments: 'none',
    // @rcpx/client loads `ws` only under Node; the browser uses its own WebSocket.
    external: ['ws'],
    // the monorepo's @rcpx/client from its sources (its package exports dist/ for others)
    conditions: ['rcpx-source'],
    write: false,
    logLevel: 'silent',
  });
  const assets = new Map<string, DashboardAsset>();
  for (const file of result.outputFiles) {
    const name = basename(file.path);
    assets.set(name, asset(name, Buffer.from(file.contents)));
  }
  const find = (prefix: string, ext: string) => {
    const name = [...assets.keys()].find((n) => n.startsWith(prefix) && n.endsWith(ext));
    if (!name) throw new Error(`dashboard build: no ${prefix}*${ext} output`);
    return name;
  };
  const template = await readFile(join(DASHBOARD_DIR, 'index.html'), 'utf8');
  const html = template
    .replace('%JS%', find('app-', '.js'))
    .replace('%CSS%', find('styles-', '.css'));
  return { html: asset('index.html', Buffer.from(html, 'utf8')), assets };
}

let cached: Promise<DashboardBundle> | undefined;

/** The dashboard bundle, built once per process (a failed build is retried on the next call). */
export function dashboardBundle(): Promise<DashboardBundle> {
  cached ??= buildDashboard().catch((err: unknown) => {
    cached = undefined;
    throw err;
  });
  return cached;
}
