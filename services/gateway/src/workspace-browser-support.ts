// Test-only helpers of the workspace browser test: axe-core in the page (WCAG 2.1 AA), and
// screenshots at a phone's and a laptop's width.
import { readFileSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

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
