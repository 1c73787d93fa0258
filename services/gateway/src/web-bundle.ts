import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { build } from 'esbuild';

/** A built file of a web page, served under `<base>/assets/<name>`. */
export interface WebAsset {
  name: string;
  body: Buffer;
  contentType: string;
  /** Strong ETag (quoted). */
  etag: string;
}

/** A web page as served: its HTML and its content-hashed assets. */
export interface WebBundle {
  html: WebAsset;
  assets: ReadonlyMap<string, WebAsset>;
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
};

const etagOf = (body: Buffer) =>
  `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;

/** A file to serve, with its content type and ETag. */
export const webAsset = (name: string, body: Buffer): WebAsset => ({
  name,
  body,
  contentType: TYPES[extname(name)] ?? 'application/octet-stream',
  etag: etagOf(body),
});

/**
 * Bundles a page's folder with esbuild in memory (nothing is written): `src/main.ts` and
 * `src/styles.css` into content-hashed, minified assets with linked source maps, and
 * `index.html` with `%JS%` and `%CSS%` replaced by their names. Self-contained: no CDN.
 */
export async function buildWebBundle(dir: string): Promise<WebBundle> {
  const result = await build({
    absWorkingDir: dir,
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
    external: ['ws', 'node:crypto'],
    // the monorepo's @rcpx/client from its sources (its package exports dist/ for others)
    conditions: ['rcpx-source'],
    write: false,
    logLevel: 'silent',
  });
  const assets = new Map<string, WebAsset>();
  for (const file of result.outputFiles) {
    const name = basename(file.path);
    assets.set(name, webAsset(name, Buffer.from(file.contents)));
  }
  const find = (prefix: string, ext: string) => {
    const name = [...assets.keys()].find((n) => n.startsWith(prefix) && n.endsWith(ext));
    if (!name) throw new Error(`web build of ${dir}: no ${prefix}*${ext} output`);
    return name;
  };
  const template = await readFile(join(dir, 'index.html'), 'utf8');
  const html = template
    .replace('%JS%', find('app-', '.js'))
    .replace('%CSS%', find('styles-', '.css'));
  return { html: webAsset('index.html', Buffer.from(html, 'utf8')), assets };
}

const cached = new Map<string, Promise<WebBundle>>();

/** The bundle of a page folder, built once per process (a failed build is retried next call). */
export function webBundle(dir: string): Promise<WebBundle> {
  let found = cached.get(dir);
  if (!found) {
    found = buildWebBundle(dir).catch((err: unknown) => {
      cached.delete(dir);
      throw err;
    });
    cached.set(dir, found);
  }
  return found;
}
