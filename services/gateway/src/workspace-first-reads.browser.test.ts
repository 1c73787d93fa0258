import t from 'tap';
import type { BrowserContext, Page } from 'playwright-core';
import { waitFor } from '@rcpx/testing';
import { webhooksRoutes } from '@rcpx/webhooks';
import { browserSkipReason, launchChromium, startExchange } from './dashboard-browser-support.ts';
import type { Exchange } from './dashboard-browser-support.ts';

// The workspace's first reads at page load: the registries come bundled (GET /v1/themes and
// /v1/participants are never asked), each read the first view needs is asked once even though
// it was started beside the session check, and the reads naming the signed-in participant go
// by who was signed in last — a wrong hint changes nothing the page shows. On every routed page,
// signed in or not, no API URL is asked twice before the first view is drawn.

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
  const ex = await startExchange(t, {
    async register(app) {
      await app.register(webhooksRoutes, { config: { RCPX_WEBHOOK_ALLOW: ['127.0.0.1'] } });
    },
  });
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

  await t.test('every routed page: no API URL asked twice for its first render', async (t) => {
    const meeting = await bali.recordMeeting({
      meeting: {
        title: { en: 'Senior Officials 2026' },
        level: 'senior-officials',
        startsOn: '2026-03-20',
      },
      outcomes: [
        {
          ref: 'focal-points',
          kind: 'recommendation',
          title: { en: 'Focal points' },
          text: { en: 'Each member designates a focal point.' },
          addressees: ['colombo-process'],
          dueOn: '2026-10-31',
        },
      ],
      themes: ['trafficking'],
    });
    const query = await bali.launchQuery({
      title: { en: 'Screening at ports' },
      questions: [{ ref: 'how', text: { en: 'How do you screen?' } }],
      themes: ['trafficking'],
      addressees: ['colombo-process'],
      deadline: new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10),
    });
    const subscribed = await fetch(`${ex.url}/v1/subscriptions`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await ex.token('colombo-process')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ url: 'http://127.0.0.1:9/hook' }),
    });
    t.equal(subscribed.status, 201, 'a subscription to look at');
    const { id: subscription } = (await subscribed.json()) as { id: string };
    await fetch(`${ex.url}/v1/activity?limit=1&minSeq=${query.seq}`);
    const pages = [
      '/app',
      '/app/practices?q=screening',
      '/app/meetings',
      '/app/publications',
      `/app/practices/${practice.id}`,
      `/app/practices/${mine.id}?minSeq=${mine.seq}`,
      `/app/meetings/${meeting.id}`,
      `/app/practices/${mine.id}/edit`,
      '/app/practices/new',
      '/app/sign-in',
      '/app/subscriptions',
      `/app/subscriptions/${subscription}`,
      '/app/my-work',
      `/app/my-work?minSeq=${query.seq}`,
      '/app/queries/new',
      `/app/queries/${query.id}`,
      `/app/follow-ups/${meeting.id}/focal-points`,
    ];
    const anonymous = await browser.newContext();
    const signed = await browser.newContext();
    t.teardown(() => Promise.all([anonymous.close(), signed.close()]));
    await signedIn(ex, signed, 'colombo-process');
    const warm = await recorded(signed);
    await load(warm.page, `${ex.url}/app/my-work?lang=en`); // the hint of who is signed in
    await warm.page.close();
    for (const [who, context] of [
      ['anonymous', anonymous],
      ['signed in', signed],
    ] as const) {
      for (const path of pages) {
        const { page, reads, errors } = await recorded(context);
        await load(page, `${ex.url}${path}`);
        const drawn = [...reads];
        const twice = drawn.filter((r, i) => drawn.indexOf(r) !== i);
        t.same(twice, [], `${who} ${path}: each read once (${drawn.join(' ')})`);
        t.ok(drawn.includes('/v1/session'), `${who} ${path}: the session checked`);
        t.same(errors, [], `${who} ${path}: no page error`);
        await page.close();
      }
    }
  });
});
