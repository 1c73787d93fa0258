import { chromium } from 'playwright-core';
import type { Browser, BrowserContext } from 'playwright-core';

// A workspace page's first render in headless Chromium: from the navigation's start (the page's
// time origin) to the `rcpx:view-rendered` mark the workspace sets once a view is drawn with its
// data (h1 included). Each load is a full navigation (a new document), not a client-side route.

/** Debian's Chromium (override with `RCPX_CHROMIUM`), as the browser tests use it. */
export const CHROMIUM = process.env.RCPX_CHROMIUM ?? '/usr/bin/chromium';

export const MARK = 'rcpx:view-rendered';

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    timeout: 60_000,
  });
}

/** A fresh context (its own cookies and cache), signed in with `token` when given. */
export async function openContext(
  browser: Browser,
  base: string,
  token?: string,
): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  if (token) {
    const res = await context.request.post(`${base}/v1/session`, { data: { token } });
    if (!res.ok()) throw new Error(`sign-in: HTTP ${res.status()}`);
  }
  return context;
}

export interface Loads {
  /** The first load in a fresh context (nothing cached: the script is fetched and compiled). */
  cold: number;
  /** The `n` loads after it, ms, sorted. */
  warm: number[];
  /** The h1 of the last load (what was measured shows what it should). */
  h1: string;
}

/** One navigation to `url`: ms from navigation start to the mark, and the h1 then. */
async function loadOnce(context: BrowserContext, url: string): Promise<{ ms: number; h1: string }> {
  const page = await context.newPage();
  try {
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, MARK, {
      polling: 5,
      timeout: 30_000,
    });
    return await page.evaluate((mark) => {
      const [entry] = performance.getEntriesByName(mark);
      return { ms: entry!.startTime, h1: document.querySelector('main h1')?.textContent ?? '' };
    }, MARK);
  } finally {
    await page.close();
  }
}

/** A cold load in a fresh context, then `n` loads in that context. */
export async function measureLoads(
  browser: Browser,
  base: string,
  path: string,
  n: number,
  token?: string,
): Promise<Loads> {
  const context = await openContext(browser, base, token);
  try {
    const cold = await loadOnce(context, base + path);
    const warm: number[] = [];
    let h1 = cold.h1;
    for (let i = 0; i < n; i++) {
      const r = await loadOnce(context, base + path);
      warm.push(r.ms);
      h1 = r.h1;
    }
    return { cold: cold.ms, warm: warm.sort((a, b) => a - b), h1 };
  } finally {
    await context.close();
  }
}

export const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((sorted.length * p) / 100) - 1)] ?? 0;
