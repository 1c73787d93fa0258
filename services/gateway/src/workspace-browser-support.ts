// Test-only helpers of the workspace browser tests: pages of their own (errors collected), waiting
// for a view, signing in through the form, axe-core in the page (WCAG 2.1 AA), and screenshots at
// a phone's and a laptop's width.
import { readFileSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Test } from 'tap';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { waitFor } from '@rcpx/testing';
import type { Exchange } from './dashboard-browser-support.ts';

const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

/** Where screenshots go (`test-results/` at the repository root). */
export const RESULTS_DIR = fileURLToPath(new URL('../../../test-results/', import.meta.url));

/** The widths every page must be usable at. */
export const WIDTHS = [390, 1280] as const;

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * The WCAG 2.1 A/AA violations axe-core finds in the page as it is. axe is evaluated through the
 * DevTools protocol, which the page's CSP does not govern (the page itself stays strict).
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => typeof (window as { axe?: unknown }).axe === 'object');
  if (!loaded) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (...a: unknown[]) => Promise<AxeResults> } })
      .axe;
    interface AxeResults {
      violations: {
        id: string;
        impact: string | null;
        help: string;
        nodes: { target: string[] }[];
      }[];
    }
    const r = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    }));
  });
}

/** Serious or critical violations, as readable lines (none expected). */
export const serious = (violations: AxeViolation[]) =>
  violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.targets.join(', ')})`);

/**
 * Checks the page at both widths: axe's violations (returned, per width) and a full-page
 * screenshot `test-results/workspace-<name>-<lang>-<width>.png`; nothing wider than the window.
 */
export async function checkPage(
  page: Page,
  name: string,
): Promise<{ width: number; violations: AxeViolation[]; overflow: number }[]> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const lang = await page.getAttribute('html', 'lang');
  const out = [];
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    const violations = await axeViolations(page);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    await page.screenshot({
      path: `${RESULTS_DIR}workspace-${name}-${lang}-${width}.png`,
      fullPage: true,
    });
    out.push({ width, violations, overflow });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  return out;
}

/** Checks the page at both widths: no serious/critical axe violation, nothing wider than it. */
export async function accessible(t: Test, page: Page, name: string): Promise<void> {
  for (const { width, violations, overflow } of await checkPage(page, name)) {
    t.same(serious(violations), [], `${name} at ${width}px: no serious/critical axe violation`);
    t.ok(overflow <= 0, `${name} at ${width}px: nothing wider than the window (${overflow})`);
    if (violations.length > 0)
      t.comment(`${name} ${width}px minor: ${violations.map((v) => v.id)}`);
  }
}

/** A new browser context at the laptop width, its page, and the errors the page logs. */
export async function openPage(
  browser: Browser,
  options: BrowserContextOptions = {},
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    // a 4xx the page handles (a refused form, no session yet) is logged by Chromium: expected
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, errors };
}

/** Waits until the view is drawn (the page's main is no longer busy, nor any part of it). */
export const ready = (page: Page) =>
  waitFor(
    async () =>
      (await page.getAttribute('main', 'aria-busy')) === 'false' &&
      (await page.$('main [aria-busy="true"]')) === null,
    { timeoutMs: 30_000, message: 'the view is drawn' },
  );

/** Goes somewhere by a click or a navigation (`act`), and waits for the next view to be drawn. */
export async function settle(page: Page, act: () => Promise<unknown>): Promise<void> {
  const before = await page
    .evaluate(() => document.querySelector('main')?.getAttribute('data-render') ?? null)
    .catch(() => null);
  await act();
  await waitFor(
    async () => {
      // the view, and every part of it drawn when its read arrives (marked busy until then)
      const [render, busy, parts] = await page.$eval('main', (m) => [
        m.getAttribute('data-render'),
        m.getAttribute('aria-busy'),
        m.querySelectorAll('[aria-busy="true"]').length,
      ]);
      return render !== null && render !== before && busy === 'false' && parts === 0;
    },
    { timeoutMs: 30_000, message: 'the next view is drawn' },
  );
}

/** The text of the first element `selector` finds ('' for none). */
export const text = async (page: Page, selector: string) =>
  (await page.textContent(selector)) ?? '';

/** Signs `participant` in through the form with a fresh token; the page ends at `next`. */
export async function signIn(
  ex: Exchange,
  page: Page,
  participant: string,
  next: string,
  lang = 'en',
): Promise<void> {
  const token = await ex.token(participant);
  await settle(page, () =>
    page.goto(`${ex.url}/app/sign-in?lang=${lang}&next=${encodeURIComponent(next)}`),
  );
  await settle(page, async () => {
    await page.fill('#token', token);
    await page.press('#token', 'Enter');
  });
}
