import t from 'tap';
import type { Page, Request } from 'playwright-core';
import { waitFor } from '@rcpx/testing';
import { browserSkipReason, launchChromium, startExchange } from './dashboard-browser-support.ts';
import type { Exchange } from './dashboard-browser-support.ts';
import {
  accessible,
  axeViolations,
  openPage,
  ready,
  serious,
  settle,
} from './workspace-browser-support.ts';

// The secretariat workspace in headless Chromium against a real exchange: an anonymous visitor
// browses, searches, filters and pages the catalogue and reads an item in another language with
// its history; a secretariat signs in with its token, publishes a practice through the form
// (fixing what the API refused, field by field; a double click makes one item), signs out.
// Every page: zero serious/critical axe-core violations and nothing wider than the window at
// 390 and 1280 px, screenshots in test-results/ (en, fr and es).

const skip = browserSkipReason();
if (skip) t.plan(0, skip);

const cardTitles = (page: Page) =>
  page.$$eval('#results .card h2', (els) => els.map((e) => e.textContent ?? ''));

async function seed(ex: Exchange) {
  const bali = await ex.publisher('bali-process');
  const colombo = await ex.publisher('colombo-process');
  const iom = await ex.publisher('iom');
  const screening = await bali.publishPractice({
    title: { en: 'Joint screening at sea ports', fr: 'Contrôle conjoint dans les ports' },
    summary: { en: 'Officers screen together.', fr: 'Les agents contrôlent ensemble.' },
    themes: ['trafficking', 'border-management'],
    countries: ['TH', 'ID'],
  });
  const revised = await bali.revisePractice(screening.id, 1, {
    summary: { en: 'Officers of both sides screen arrivals together.', fr: 'Contrôle à deux.' },
  });
  const hidden = await bali.publishPractice({
    title: { en: 'Internal debrief <script>alert(1)</script>' },
    themes: ['smuggling'],
    visibility: { level: 'members' },
  });
  const desks = await colombo.publishPractice({
    title: { es: 'Ventanillas únicas para trabajadores <b>migrantes</b>' },
    themes: ['labour-migration'],
  });
  const meeting = await colombo.recordMeeting({
    meeting: {
      title: { en: 'Senior Officials’ Meeting' },
      level: 'senior-officials',
      startsOn: '2026-05-04',
    },
    outcomes: [{ kind: 'recommendation', text: 'Share pre-departure curricula.' }],
    themes: ['labour-migration'],
  });
  const guide = await iom.releasePublication({
    title: { es: 'Guía de retorno voluntario asistido' },
    kind: 'guidelines',
    url: 'https://publications.iom.int/guia-retorno',
    themes: ['return-reintegration'],
  });
  // the read models have caught up before the first page is drawn
  await fetch(`${ex.url}/v1/activity?limit=1&minSeq=${guide.seq}`);
  return { screening, revised, hidden, desks, meeting, guide };
}

t.test('the workspace in a browser', async (t) => {
  const ex = await startExchange(t);
  const seeded = await seed(ex);
  const browser = await launchChromium(t);
  const { context, page, errors } = await openPage(browser);
  const urls: string[] = [];
  page.on('request', (r: Request) => urls.push(r.url()));

  await t.test('anonymous: catalogue, search, filters, paging', async (t) => {
    await page.goto(`${ex.url}/app?lang=en`);
    await ready(page);
    t.equal(await page.getAttribute('html', 'lang'), 'en');
    t.equal(await page.textContent('h1'), 'Practices');
    await waitFor(async () => (await cardTitles(page)).length === 2, { timeoutMs: 30_000 });
    t.same(
      await cardTitles(page),
      ['Ventanillas únicas para trabajadores <b>migrantes</b>', 'Joint screening at sea ports'],
      'newest first, the members-only practice left out, markup shown as text',
    );
    t.equal(
      await page.getAttribute('#results .card:first-child h2 span', 'lang'),
      'es',
      'a title in another language says so',
    );
    t.match(await page.textContent('#sign-in-link'), 'Sign in');
    // keyboard: the first Tab reaches "Skip to content", which leads into the main content
    await page.keyboard.press('Tab');
    t.equal(await page.evaluate(() => document.activeElement?.id), 'skip');
    await page.keyboard.press('Enter');
    t.equal(await page.evaluate(() => document.activeElement?.id), 'main');
    await accessible(t, page, 'catalogue');
    // the check itself works: an unlabelled field is a critical violation
    await page.evaluate(() =>
      document.querySelector('main')?.append(document.createElement('input')),
    );
    t.match(serious(await axeViolations(page)), [/critical label/], 'axe is running');

    await settle(page, async () => {
      await page.fill('#f-q', 'ventanillas');
      await page.press('#f-q', 'Enter');
    });
    t.match(new URL(page.url()).search, /^\?q=ventanillas$/, 'the search is in the URL');
    t.same(await cardTitles(page), ['Ventanillas únicas para trabajadores <b>migrantes</b>']);

    await settle(page, async () => {
      await page.fill('#f-q', '');
      await page.selectOption('#f-themes', 'trafficking');
      await page.click('.filters button[type=submit]');
    });
    t.equal(new URL(page.url()).search, '?themes=trafficking');
    t.same(await cardTitles(page), ['Joint screening at sea ports']);
    t.equal(await page.inputValue('#f-themes'), 'trafficking', 'the form shows the filter');

    await settle(page, () => page.goto(`${ex.url}/app/practices?countries=ID`));
    t.same(await cardTitles(page), ['Joint screening at sea ports'], 'by country');
    await settle(page, async () => {
      await page.fill('#f-countries', '');
      await page.fill('#f-memberState', 'au');
      await page.press('#f-memberState', 'Enter');
    });
    t.equal(new URL(page.url()).search, '?memberState=AU');
    t.same(await cardTitles(page), ['Joint screening at sea ports'], 'by member state (Bali)');
    await settle(page, () => page.goto(`${ex.url}/app/practices?participants=colombo-process`));
    t.same(await cardTitles(page), ['Ventanillas únicas para trabajadores <b>migrantes</b>']);

    // keyset paging, one per page: the next page is a shareable URL with the cursor
    await settle(page, () => page.goto(`${ex.url}/app/practices?limit=1`));
    t.same(await cardTitles(page), ['Ventanillas únicas para trabajadores <b>migrantes</b>']);
    await settle(page, () => page.click('#next'));
    t.match(page.url(), /limit=1&cursor=/);
    t.same(await cardTitles(page), ['Joint screening at sea ports']);
    await settle(page, () => page.goBack());
    t.same(
      await cardTitles(page),
      ['Ventanillas únicas para trabajadores <b>migrantes</b>'],
      'back works',
    );

    await settle(page, () => page.click('nav#nav a[href="/app/meetings"]'));
    t.same(await cardTitles(page), ['Senior Officials’ Meeting']);
    await settle(page, () => page.click('nav#nav a[href="/app/publications"]'));
    t.same(await cardTitles(page), ['Guía de retorno voluntario asistido']);
    await accessible(t, page, 'publications');
  });

  await t.test('an item: its languages, history and feeds', async (t) => {
    await settle(page, () => page.goto(`${ex.url}/app/practices`));
    await settle(page, () => page.click(`a[href="/app/practices/${seeded.screening.id}"]`));
    t.equal(new URL(page.url()).pathname, `/app/practices/${seeded.screening.id}`);
    t.equal(await page.textContent('#item-title'), 'Joint screening at sea ports');
    t.match(await page.textContent('#content'), 'Officers of both sides screen arrivals together.');
    t.same(
      await page.$$eval('#versions li', (els) => els.map((e) => e.getAttribute('data-version'))),
      ['2', '1'],
      'the history, newest first',
    );
    t.match(await page.textContent('#versions li:first-child'), /revised.*Changed: Summary/);
    const hrefs = await page.$$eval('.follow a', (els) => els.map((e) => e.getAttribute('href')));
    t.ok(hrefs.includes('/v1/feeds/themes/trafficking.atom'), 'an Atom feed per theme');
    t.ok(hrefs.includes('/v1/feeds/participants/bali-process.atom'), 'and of its publisher');
    t.ok(hrefs.some((h) => h?.startsWith('/dashboard?themes=trafficking,border-management')));
    await accessible(t, page, 'item');

    await settle(page, () => page.click('.text-langs a[hreflang="fr"]'));
    t.equal(await page.textContent('#item-title'), 'Contrôle conjoint dans les ports');
    t.equal(await page.getAttribute('#item-title span', 'lang'), 'fr', 'marked as French');
    t.match(page.url(), /text=fr/, 'a shareable URL');
    t.equal(await page.textContent('h2'), 'Summary', 'the labels stay in English');

    await settle(page, () => page.goto(`${ex.url}/app/publications/${seeded.guide.id}`));
    t.match(await page.textContent('#content'), 'Type: Guidelines');
    t.equal(
      await page.getAttribute('#content a', 'href'),
      'https://publications.iom.int/guia-retorno',
    );
    await settle(page, () => page.goto(`${ex.url}/app/meetings/${seeded.meeting.id}`));
    t.match(await page.textContent('#content'), 'Recommendation: Share pre-departure curricula.');
    t.match(await page.textContent('#content'), 'Senior officials');
    await accessible(t, page, 'meeting');

    const missing = await page.goto(`${ex.url}/app/practices/${seeded.hidden.id}`);
    t.equal(missing?.status(), 200, 'a well-formed item URL is a page…');
    await ready(page);
    t.equal(await page.textContent('h1'), 'Not found', '…which says not found for a hidden item');
  });

  await t.test('sign in, publish with a fixed error, one item on a double click', async (t) => {
    const token = await ex.token('bali-process');
    await settle(page, () => page.click('#sign-in-link'));
    t.equal(new URL(page.url()).pathname, '/app/sign-in');
    await accessible(t, page, 'sign-in');
    await page.fill('#token', 'rcpx_not-a-token');
    await page.click('#sign-in button[type=submit]');
    await waitFor(async () => (await page.isVisible('#token-error')) === true);
    t.equal(await page.textContent('#token-error'), 'This token is unknown or revoked.');
    t.equal(await page.inputValue('#token'), '', 'the field is emptied');

    await settle(page, async () => {
      await page.fill('#token', token);
      await page.press('#token', 'Enter');
    });
    t.equal(await page.textContent('#whoami'), 'Signed in as Bali Process (publisher)');
    t.equal(new URL(page.url()).pathname, `/app/practices/${seeded.hidden.id}`, 'back where I was');
    t.equal(
      await page.textContent('#item-title'),
      'Internal debrief <script>alert(1)</script>',
      'which now shows the members-only practice (as text)',
    );
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'rcpx_session');
    t.match(session, { httpOnly: true, sameSite: 'Strict' }, 'an HttpOnly, SameSite=Strict cookie');
    t.equal(await page.evaluate(() => document.cookie), '', 'the page cannot read it');
    const stored = await page.evaluate(() =>
      JSON.stringify({ ...localStorage, ...sessionStorage }),
    );
    t.notMatch(stored, token, 'the token is not stored');
    t.notOk(
      urls.some((u) => u.includes(token)),
      'the token is in no URL',
    );
    t.notMatch(await page.content(), token, 'nor in the page');

    await settle(page, () => page.click('nav#nav a[href="/app/practices/new"]'));
    t.equal(await page.textContent('h1'), 'Publish a good practice');
    await page.check('#visibility input[value="rcps"]');
    await page.check('#rcps input[value="iom"]');
    await waitFor(async () => /IOM/.test((await page.textContent('#visibility-preview')) ?? ''));
    t.equal(
      await page.textContent('#visibility-preview'),
      'Bali Process and IOM will see it (and the exchange’s administrators). Nobody else, not even in counts or search.',
    );
    await accessible(t, page, 'publish');

    // Submitted without a title nor a theme: the API's errors[] next to their fields.
    await page.fill('#countries', 'th');
    await page.click('#publish');
    await waitFor(async () => (await page.isVisible('#error-summary')) === true);
    t.equal(await page.textContent('#err-title'), 'Give a title in at least one language.');
    t.equal(await page.textContent('#err-themes'), 'Choose at least one theme (at most 8).');
    t.notOk(await page.isVisible('#err-countries'), 'countries were fine (upper-cased)');
    t.equal(await page.getAttribute('#title-en', 'aria-invalid'), 'true');
    t.equal(
      await page.evaluate(() => document.activeElement?.id),
      'error-summary',
      'focus moves to the summary of errors',
    );
    await accessible(t, page, 'publish-errors');
    await page.click('#error-summary a[data-field="title"]');
    t.equal(await page.evaluate(() => document.activeElement?.id), 'title-en');

    await page.keyboard.type('Port health desks run with IOM');
    await page.check('#themes input[value="health"]');
    const posts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/v1/practices')) {
        posts.push(r.headers()['idempotency-key'] ?? '');
      }
    });
    await settle(page, () => page.dblclick('#publish'));
    t.equal(await page.textContent('#item-title'), 'Port health desks run with IOM');
    const id = new URL(page.url()).pathname.split('/').at(-1)!;
    t.ok(posts.length >= 1 && posts.every((k) => k === posts[0] && k.length > 10), 'one key');

    const bali = await ex.publisher('bali-process');
    const mine = await bali.listPractices({ q: 'desks' });
    t.same(
      mine.items.map((i) => i.id),
      [id],
      'one practice, whatever the clicks',
    );
    const iom = await ex.publisher('iom');
    t.match(await iom.getPractice(id), { visibility: { level: 'rcps', rcps: ['iom'] } });
    const anonymous = await fetch(`${ex.url}/v1/practices/${id}`);
    t.equal(anonymous.status, 404, 'nobody else sees it');
    await accessible(t, page, 'published');

    await page.click('#sign-out');
    await waitFor(async () => (await page.isVisible('#sign-in-link')) === true);
    t.equal(
      await page.evaluate(async () => (await fetch('/v1/session')).status),
      401,
      'the session ended',
    );
    t.notOk((await context.cookies()).some((c) => c.name === 'rcpx_session' && c.value));
  });

  await t.test('in Spanish and French, at both widths', async (t) => {
    // French last: the checks below start from its sign-in page
    for (const lang of ['es', 'fr'] as const) {
      for (const [name, path] of [
        ['catalogue', '/app/practices'],
        ['item', `/app/practices/${seeded.screening.id}`],
        ['meetings', '/app/meetings'],
        ['sign-in', '/app/sign-in'],
      ] as const) {
        await settle(page, () => page.goto(`${ex.url}${path}?lang=${lang}`));
        t.equal(await page.getAttribute('html', 'lang'), lang);
        await accessible(t, page, name);
      }
    }
    t.equal(await page.textContent('h1'), 'Se connecter à l’échange');
    await settle(page, () => page.click('nav#nav a[href="/app/practices"]'));
    t.equal(await page.textContent('h1'), 'Pratiques', 'the choice stays without ?lang');
    await page.click('#langs [data-lang="es"]');
    await waitFor(async () => (await page.textContent('h1')) === 'Prácticas');
    t.equal(await page.getAttribute('html', 'lang'), 'es');
  });

  t.same(errors, [], 'no error in the page (CSP violations included)');
});
