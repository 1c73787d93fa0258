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

/** A request the page made before the mark: ms since navigation start. */
export interface Timed {
  url: string;
  start: number;
  end: number;
}

interface Load {
  ms: number;
  h1: string;
  requests: Timed[];
}

export interface Loads {
  /** The first load in a fresh context (nothing cached: the script is fetched and compiled). */
  cold: number;
  /** The `n` loads after it, ms, sorted. */
  warm: number[];
  /** The h1 of the last load (what was measured shows what it should). */
  h1: string;
  /** The requests of the median load before its mark (where the time went). */
  waterfall: Timed[];
}

/** One navigation to `url`: ms from navigation start to the mark, and the h1 then. */
async function loadOnce(context: BrowserContext, url: string): Promise<Load> {
  const page = await context.newPage();
  try {
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, MARK, {
      polling: 5,
      timeout: 30_000,
    });
    return await page.evaluate((mark) => {
      const [entry] = performance.getEntriesByName(mark);
      const requests = performance
        .getEntriesByType('resource')
        .map((r) => r as PerformanceResourceTiming)
        .filter((r) => r.startTime < entry!.startTime)
        .map((r) => ({
          url: r.name.replace(location.origin, ''),
          start: r.startTime,
          end: r.responseEnd,
        }));
      return {
        ms: entry!.startTime,
        h1: document.querySelector('main h1')?.textContent ?? '',
        requests,
      };
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
    const loads: Load[] = [];
    for (let i = 0; i < n; i++) loads.push(await loadOnce(context, base + path));
    loads.sort((a, b) => a.ms - b.ms);
    const median = loads[Math.floor(loads.length / 2)] ?? cold;
    return {
      cold: cold.ms,
      warm: loads.map((l) => l.ms),
      h1: median.h1,
      waterfall: median.requests,
    };
  } finally {
    await context.close();
  }
}

export const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((sorted.length * p) / 100) - 1)] ?? 0;
