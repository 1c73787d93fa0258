import t from 'tap';
import type { Route } from 'playwright-core';
import { waitFor } from '@rcpx/testing';
import { browserSkipReason, launchChromium, startExchange } from './dashboard-browser-support.ts';

// While the dashboard has not loaded anything it must not claim that nothing was shared
// ("Nothing shared yet… · seq 0"): it says it is loading, then shows the real state.

const skip = browserSkipReason();
if (skip) t.plan(0, skip);

t.test('a loading state until the first counts arrive, then the empty state', async (t) => {
  const ex = await startExchange(t);
  const browser = await launchChromium(t);
  const page = await browser.newPage();
  // hold the first read of the registry until the loading state has been seen
  const held: Route[] = [];
  await page.route('**/v1/themes*', (route) => {
    held.push(route);
  });
  await page.goto(`${ex.url}/dashboard?lang=fr`);
  await waitFor(async () => held.length > 0, { timeoutMs: 30_000 });
  await waitFor(async () => (await page.isVisible('#ticker-empty')) === true, {
    timeoutMs: 30_000,
  });
  t.equal(await page.textContent('#ticker-empty'), 'Chargement de l’échange…');
  t.notMatch(await page.textContent('#total'), /seq/, 'no position before one is known');
  t.equal(await page.getAttribute('#ticker', 'aria-busy'), 'true');

  for (const route of held) await route.continue();
  await page.unroute('**/v1/themes*');
  await waitFor(async () => (await page.getAttribute('html', 'data-ready')) === 'true', {
    timeoutMs: 30_000,
  });
  t.match(await page.textContent('#ticker-empty'), /^Rien de partagé/);
  t.match(await page.textContent('#total'), /seq \d+/);
  t.equal(await page.getAttribute('#ticker', 'aria-busy'), 'false');
  // the network panels too: empty once read, not before
  const ids = ['#flows-empty', '#queries-empty', '#follow-ups-empty'];
  await waitFor(
    async () => (await Promise.all(ids.map((id) => page.textContent(id)))).every((x) => x !== '…'),
    { timeoutMs: 30_000 },
  );
  t.equal(await page.textContent('#flows-empty'), 'Aucune adoption enregistrée pour l’instant.');
  t.equal(await page.textContent('#queries-empty'), 'Aucune question ouverte.');
  t.equal(
    await page.textContent('#follow-ups-empty'),
    'Aucune recommandation à suivre pour l’instant.',
  );
});
