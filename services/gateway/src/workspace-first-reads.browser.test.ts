import t from 'tap';
import type { BrowserContext, Page } from 'playwright-core';
import { waitFor } from '@rcpx/testing';
import { browserSkipReason, launchChromium, startExchange } from './dashboard-browser-support.ts';
import type { Exchange } from './dashboard-browser-support.ts';

// The workspace's first reads at page load: the registries come bundled (GET /v1/themes and
// /v1/participants are never asked), each read the first view needs is asked once even though
// it was started beside the session check, and the reads naming the signed-in participant go
// by who was signed in last — a wrong hint changes nothing the page shows.

const skip = browserSkipReason();
if (skip) t.plan(0, skip);

/** A page whose API reads (path and query) are recorded. */
async function recorded(context: BrowserContext) {
  const page = await context.newPage();
  const reads: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.pathname.startsWith('/v1/') && r.method() === 'GET')
      reads.push(url.pathname + url.search);
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return { page, reads, errors };
}

async function load(page: Page, url: string) {
  await page.goto(url);
  await waitFor(async () => (await page.getAttribute('main', 'aria-busy')) === 'false', {
    timeoutMs: 30_000,
    message: 'the view is drawn',
  });
}

const count = (reads: string[], re: RegExp) => reads.filter((r) => re.test(r)).length;

async function signedIn(ex: Exchange, context: BrowserContext, who: string) {
  const res = await context.request.post(`${ex.url}/v1/session`, {
    data: { token: await ex.token(who) },
  });
  if (!res.ok()) throw new Error(`sign-in: ${res.status()}`);
}

t.test('first reads', async (t) => {
  const ex = await startExchange(t);
  const bali = await ex.publisher('bali-process');
  const colombo = await ex.publisher('colombo-process');
  const practice = await bali.publishPractice({
    title: { en: 'Joint screening at sea ports' },
    themes: ['trafficking'],
  });
  const mine = await colombo.publishPractice({
    title: { en: 'Screening desks at recruitment agencies' },
    themes: ['labour-migration'],
  });
  await fetch(`${ex.url}/v1/activity?limit=1&minSeq=${mine.seq}`);
  const browser = await launchChromium(t);

  await t.test('the catalogue: one list read, the registries bundled', async (t) => {
    const context = await browser.newContext();
    t.teardown(() => context.close());
    const { page, reads, errors } = await recorded(context);
    await load(page, `${ex.url}/app/practices?q=screening&lang=en`);
    t.equal(count(reads, /^\/v1\/practices\?/), 1, `the list read once (${reads.join(' ')})`);
    t.equal(count(reads, /^\/v1\/(themes|participants)/), 0, 'no registry read');
    t.match(await page.textContent('#results'), /Joint screening at sea ports/);
    t.match(await page.textContent('#f-participants'), /Bali Process/, 'participant names');
    t.match(await page.textContent('#f-themes'), /Trafficking in persons/, 'theme labels');
    t.match(await page.textContent('#results'), /Bali Process/, 'the publisher by name');
    t.same(errors, []);
  });

  await t.test('signed in: each first read once, by the hint', async (t) => {
    const context = await browser.newContext();
    t.teardown(() => context.close());
    await signedIn(ex, context, 'colombo-process');
    const first = await recorded(context);
    await load(first.page, `${ex.url}/app/my-work?lang=en`); // remembers who is signed in
    await first.page.close();

    const { page, reads, errors } = await recorded(context);
    await load(page, `${ex.url}/app/my-work?lang=en`);
    for (const re of [
      /^\/v1\/queries\?awaiting=colombo-process/,
      /^\/v1\/queries\?status=open/,
      /^\/v1\/queries\?participants=colombo-process/,
      /^\/v1\/follow-ups\?addressee=colombo-process/,
    ]) {
      t.equal(count(reads, re), 1, `${re.source} read once`);
    }
    t.equal(await page.textContent('h1'), 'My work');

    reads.length = 0;
    await load(page, `${ex.url}/app/practices/${practice.id}?lang=en`);
    t.equal(count(reads, new RegExp(`^/v1/practices/${practice.id}$`)), 1, 'the item once');
    t.equal(count(reads, /\/versions/), 1, 'its versions once');
    t.equal(count(reads, /\/lineage/), 1, 'its lineage once');
    t.equal(count(reads, /^\/v1\/practices\?participants=colombo-process/), 1, 'mine once');
    t.ok(await page.$('#adopt-form'), 'the adoption form is offered');
    t.match(
      await page.textContent('#adopt-localPractice'),
      /Screening desks at recruitment agencies/,
      'with my own practices',
    );

    // a wrong hint (another participant): its reads are not what the page shows
    await page.evaluate(() => localStorage.setItem('rcpx.me', 'igc publisher'));
    reads.length = 0;
    await load(page, `${ex.url}/app/my-work?lang=en`);
    t.equal(count(reads, /awaiting=igc/), 1, 'the hint started its read');
    t.equal(count(reads, /awaiting=colombo-process/), 1, 'the view read its own');
    t.match(await page.textContent('#whoami'), /Colombo Process/);
    t.equal(
      await page.evaluate(() => localStorage.getItem('rcpx.me')),
      'colombo-process publisher',
      'the hint is corrected',
    );
    t.same(errors, []);
  });
});
