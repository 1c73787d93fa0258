import t from 'tap';
import type { Browser } from 'playwright-core';
import { waitFor } from '@rcpx/testing';
import { browserSkipReason, launchChromium, startExchange } from './dashboard-browser-support.ts';
import type { Exchange } from './dashboard-browser-support.ts';
import {
  RESULTS_DIR,
  accessible,
  openPage,
  ready,
  settle,
  signIn,
  text,
} from './workspace-browser-support.ts';

// "My work" in headless Chromium against a real exchange, two secretariats in two browsers:
// Bali launches a query through the form (after fixing what the API refused, field by field);
// Colombo sees it awaiting its reply, replies, revises (and loses a race with its other tab,
// then recovers), records an adoption of Bali's practice and reports follow-up on an overdue
// recommendation addressed to it; Bali sees the reply count, opens the printable compilation
// and closes the query. Every new page: zero serious/critical axe-core violations and nothing
// wider than the window at 390 and 1280 px, screenshots in test-results/ (en, fr; es for my work).

const skip = browserSkipReason();
if (skip) t.plan(0, skip);

/** A browser context of its own for a secretariat, signed in through the form, at My work. */
async function signedIn(ex: Exchange, browser: Browser, who: string) {
  const opened = await openPage(browser);
  await signIn(ex, opened.page, who, '/app/my-work');
  return opened;
}

const today = () => new Date().toISOString().slice(0, 10);
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

async function seed(ex: Exchange) {
  const bali = await ex.publisher('bali-process');
  const colombo = await ex.publisher('colombo-process');
  const practice = await bali.publishPractice({
    title: { en: 'Joint screening at sea ports', fr: 'Contrôle conjoint dans les ports' },
    themes: ['trafficking'],
  });
  const local = await colombo.publishPractice({
    title: { en: 'Screening desks at recruitment agencies' },
    themes: ['labour-migration'],
  });
  const meeting = await bali.recordMeeting({
    meeting: {
      title: { en: 'Senior Officials Meeting 2026', fr: 'Réunion des hauts fonctionnaires 2026' },
      level: 'senior-officials',
      startsOn: '2026-03-20',
    },
    outcomes: [
      {
        ref: 'focal-points',
        kind: 'recommendation',
        title: { en: 'Focal points', fr: 'Points focaux' },
        text: { en: 'Each member designates a national focal point for trafficking cases.' },
        addressees: ['colombo-process'],
        dueOn: '2026-10-31',
      },
    ],
    themes: ['trafficking'],
  });
  await fetch(`${ex.url}/v1/activity?limit=1&minSeq=${meeting.seq}`);
  return { practice, local, meeting };
}

t.test('my work in two browsers', async (t) => {
  const ex = await startExchange(t);
  const seeded = await seed(ex);
  const browser = await launchChromium(t);
  const a = await signedIn(ex, browser, 'bali-process');
  const b = await signedIn(ex, browser, 'colombo-process');
  let queryId = '';

  await t.test('A launches a query through the form', async (t) => {
    const page = a.page;
    t.equal(new URL(page.url()).pathname, '/app/my-work', 'back to where sign-in was asked');
    t.equal(await page.getAttribute('nav#nav a[href="/app/my-work"]', 'aria-current'), 'page');
    t.equal(await text(page, 'h1'), 'My work');
    t.equal(await text(page, '#awaiting .empty'), 'No query awaits your reply.');
    await accessible(t, page, 'my-work');
    await settle(page, () => page.click('#launch'));
    t.equal(new URL(page.url()).pathname, '/app/queries/new');
    t.equal(await page.inputValue('#deadline'), inDays(21), 'three weeks by default');
    await accessible(t, page, 'launch-query');

    // sent without a title, a question's text nor a theme, too far away: errors[] field by field
    await page.fill('#deadline', inDays(120));
    await page.click('#launch-submit');
    await waitFor(async () => (await page.isVisible('.error-summary')) === true);
    t.equal(await text(page, '#err-title'), 'Give the query a title.');
    t.equal(await text(page, '#err-themes'), 'Choose at least one theme (at most 8).');
    t.equal(await text(page, '#err-q-0-text'), 'Write the question.');
    t.equal(await page.getAttribute('#title', 'aria-invalid'), 'true');
    t.equal(
      await page.evaluate(() => document.activeElement?.className),
      'error-summary',
      'the focus moves to the summary',
    );
    await accessible(t, page, 'launch-query-errors');

    await page.fill('#title', 'Reintegration grants: what works?');
    await page.fill('#q-0-text', 'Do your members run reintegration grants?');
    await page.fill('#q-0-ref', 'grants');
    await page.click('#add-question');
    t.equal(await page.evaluate(() => document.activeElement?.id), 'q-1-text');
    await page.keyboard.type('Who evaluates them?');
    t.equal(await page.inputValue('#q-1-ref'), 'q2', 'a ref is proposed');
    await page.click('#add-question');
    await page.click('.remove-question >> nth=2');
    t.equal(await page.locator('#question-list fieldset').count(), 2, 'a question removed');
    await page.check('#themes input[value="return-reintegration"]');
    await page.fill('#deadline', inDays(120));
    await page.click('#launch-submit');
    await waitFor(async () => (await text(page, '#err-deadline')) !== '');
    t.equal(await text(page, '#err-deadline'), 'Choose a deadline 1 to 90 days from today.');
    t.notOk(await page.isVisible('#err-title'), 'the title is fine now');
    await page.fill('#deadline', inDays(21));
    await page.check('#addressees input[value="chosen"]');
    await page.check('#chosen input[value="colombo-process"]');
    const keys: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/v1/queries')) {
        keys.push(r.headers()['idempotency-key'] ?? '');
      }
    });
    await settle(page, () => page.dblclick('#launch-submit'));
    t.match(new URL(page.url()).pathname, /^\/app\/queries\/[0-9a-f-]{36}$/);
    queryId = new URL(page.url()).pathname.split('/').at(-1)!;
    t.equal(await text(page, '#query-title'), 'Reintegration grants: what works?');
    t.ok(keys.length >= 1 && keys.every((k) => k === keys[0]), 'one Idempotency-Key');
    const bali = await ex.publisher('bali-process');
    const launched = await bali.listQueries({ participants: ['bali-process'] });
    t.equal(launched.items.length, 1, 'one query, whatever the clicks');
    t.match(launched.items[0], { addressees: ['colombo-process'], deadline: inDays(21) });
    t.match(await text(page, '#reply-count'), '0 replies');
    await accessible(t, page, 'query-launcher');
  });

  await t.test('B sees it awaiting its reply, replies and revises', async (t) => {
    const page = b.page;
    await settle(page, () => page.reload());
    const card = `#awaiting-list [data-query="${queryId}"]`;
    t.match(await text(page, card), 'Reintegration grants: what works?');
    t.match(await text(page, card), 'From Bali Process');
    t.match(await text(page, `${card} .days-left`), '21 days left');
    await settle(page, () => page.click(`${card} a`));
    t.equal(await text(page, '#reply-heading'), 'Your reply');
    await accessible(t, page, 'query-reply');
    await page.fill('#answer-grants', 'Yes, in-kind grants since 2004.');
    await page.fill('#answer-q2', 'An independent evaluator.');
    await settle(page, () => page.click('#send-reply'));
    t.match(await text(page, '#replies [data-participant="colombo-process"]'), 'in-kind grants');
    t.equal(await text(page, '#reply-heading'), 'Revise your reply');
    t.equal(await page.inputValue('#answer-grants'), 'Yes, in-kind grants since 2004.');

    // another tab revises first: this one is told, sees what is saved, and sends again
    const other = await b.context.newPage();
    await other.goto(page.url());
    await ready(other);
    await page.fill('#answer-grants', 'Yes: in-kind and cash grants.');
    await settle(page, () => page.click('#send-reply'));
    await other.fill('#answer-q2', 'The labour ministry, every two years.');
    await other.click('#send-reply');
    await waitFor(async () => (await other.isVisible('.error-summary')) === true);
    t.match(await text(other, '.error-summary'), 'changed elsewhere meanwhile');
    t.match(await text(other, '#answer-grants ~ .note'), 'Yes: in-kind and cash grants.');
    await settle(other, () => other.click('#send-reply'));
    t.match(
      await text(other, '#replies [data-participant="colombo-process"]'),
      'The labour ministry, every two years.',
    );
    await other.close();
    const colombo = await ex.publisher('colombo-process');
    const q = await colombo.getQuery(queryId);
    t.equal(q.replies[0]?.version, 3, 'replied once, revised twice');
    await settle(page, () => page.click('nav#nav a[href="/app/my-work"]'));
    t.notOk(await page.isVisible(`#awaiting-list [data-query="${queryId}"]`), 'no longer owed');
    t.ok(await page.isVisible(`#replied [data-query="${queryId}"]`), 'replied, still open');
  });

  await t.test('B records an adoption of A’s practice', async (t) => {
    const page = b.page;
    await settle(page, () => page.goto(`${ex.url}/app/practices/${seeded.practice.id}`));
    t.equal(await text(page, '#adoptions .empty'), 'No adoption recorded yet.');
    await accessible(t, page, 'item-adopt');
    await page.click('#adopt-submit');
    await waitFor(async () => (await text(page, '#err-stage')) !== '');
    t.equal(await text(page, '#err-stage'), 'Choose a stage.');
    await page.check('#stage-adapted');
    await page.fill('#adopt-note', 'Adapted for recruitment agencies.');
    await page.selectOption('#adopt-localPractice', seeded.local.id);
    await settle(page, () => page.click('#adopt-submit'));
    const row = await text(page, '#adoption-list [data-adopter="colombo-process"]');
    t.match(row, /Colombo Process: Adapted/);
    t.match(row, 'Adapted for recruitment agencies.');
    t.match(await text(page, '#lineage'), /Learned by.*Screening desks at recruitment agencies/);
    t.equal(await page.isChecked('#stage-adapted'), true, 'the form shows where we stand');
    await accessible(t, page, 'item-adopted');
    // A's own practice: no form for its publisher
    await settle(a.page, () => a.page.goto(`${ex.url}/app/practices/${seeded.practice.id}`));
    t.match(await text(a.page, '#adoption-list'), 'Colombo Process');
    t.notOk(await a.page.isVisible('#adopt-form'), 'no "we adopted this" on one’s own practice');
  });

  await t.test('A sees the reply count, prints the compilation, closes', async (t) => {
    const page = a.page;
    await settle(page, () => page.click('nav#nav a[href="/app/my-work"]'));
    const card = `#mine [data-query="${queryId}"]`;
    t.match(await text(page, `${card} .reply-count`), '1 reply');
    const href = await page.getAttribute(`${card} a.compilation`, 'href');
    t.equal(href, `/v1/queries/${queryId}/compilation?lang=en`);
    const print = await a.context.newPage();
    const res = await print.goto(`${ex.url}${href}`);
    t.match(res?.headers()['content-type'], /^text\/html/, 'a printable page');
    t.match(await print.textContent('body'), 'The labour ministry, every two years.');
    await print.screenshot({ path: `${RESULTS_DIR}workspace-compilation-en-1280.png` });
    await print.close();
    // by keyboard: Enter opens the question, Escape cancels, Tab reaches "Yes, close it"
    await page.focus(`${card} .close-query`);
    await page.keyboard.press('Enter');
    const focused = () => page.evaluate(() => document.activeElement?.className);
    t.equal(await focused(), 'confirm-text', 'the question takes the focus');
    await page.keyboard.press('Escape');
    t.equal(await focused(), 'button secondary close-query', 'Escape: back to the button');
    t.notOk(await page.isVisible(`${card} .confirm`));
    await page.keyboard.press('Enter');
    await accessible(t, page, 'my-work-close');
    await page.focus(`${card} .confirm-text`);
    await page.keyboard.press('Tab');
    t.equal(await focused(), 'button danger confirm-close');
    await settle(page, () => page.keyboard.press('Enter'));
    t.match(await text(page, card), 'Closed');
    t.notOk(await page.isVisible(`${card} .close-query`), 'nothing left to close');
    const bali = await ex.publisher('bali-process');
    t.equal((await bali.getQuery(queryId)).status, 'closed');
  });

  await t.test('B reports follow-up on a recommendation addressed to it', async (t) => {
    const page = b.page;
    await settle(page, () => page.click('nav#nav a[href="/app/my-work"]'));
    const card = `#recommendations [data-outcome="${seeded.meeting.id}/focal-points"]`;
    t.match(await text(page, card), 'Focal points');
    t.equal(
      await page.isVisible(`${card} .overdue`),
      today() > '2026-10-31',
      'overdue when its due date is past',
    );
    t.match(await text(page, card), 'You have not reported yet.');
    await accessible(t, page, 'my-work-b');
    await settle(page, () => page.click(`${card} a`));
    t.equal(await text(page, '#outcome-title'), 'Focal points');
    await accessible(t, page, 'follow-up');
    await page.click('#send-follow-up');
    await waitFor(async () => (await text(page, '#err-text')) !== '');
    t.equal(await text(page, '#err-status'), 'Choose a status.');
    t.equal(await text(page, '#err-text'), 'Say what was done.');
    await page.check('#status-in-progress');
    await page.fill('#fu-text', 'Focal points named in Sri Lanka and Nepal.');
    await page.fill('#fu-countries', 'lk, np');
    await page.fill('#fu-links', 'https://www.colomboprocess.org/');
    await settle(page, () => page.click('#send-follow-up'));
    const report = await text(page, '#reports [data-participant="colombo-process"]');
    t.match(report, /Colombo Process · In progress/);
    t.match(report, 'LK, NP');
    t.equal(
      await page.getAttribute('#reports [data-participant="colombo-process"] a', 'href'),
      'https://www.colomboprocess.org/',
    );
    await accessible(t, page, 'follow-up-sent');
    await settle(page, () => page.click('.crumbs a'));
    t.match(await text(page, card), 'Your latest report: In progress');
  });

  await t.test('in Spanish and French, at both widths', async (t) => {
    // Spanish for my work only (each page and language costs ~2 s); French last: the check
    // below reads its item page
    for (const [who, name, path, lang] of [
      [b, 'my-work', '/app/my-work', 'es'],
      [b, 'my-work', '/app/my-work', 'fr'],
      [a, 'launch-query', '/app/queries/new', 'fr'],
      [a, 'query-launcher', `/app/queries/${queryId}`, 'fr'],
      [b, 'follow-up', `/app/follow-ups/${seeded.meeting.id}/focal-points`, 'fr'],
      [b, 'item-adopted', `/app/practices/${seeded.practice.id}`, 'fr'],
    ] as const) {
      await settle(who.page, () => who.page.goto(`${ex.url}${path}?lang=${lang}`));
      t.equal(await who.page.getAttribute('html', 'lang'), lang);
      if (lang === 'es') t.equal(await text(who.page, 'h1'), 'Mi trabajo');
      const drawn = await who.page.evaluate(() => performance.now());
      t.comment(`${path}: drawn ${Math.round(drawn)} ms after the navigation started`);
      await accessible(t, who.page, name);
    }
    t.equal(await text(b.page, '#adoptions-heading'), 'Adoptions');
  });

  await t.test('a screenful of recommendations, most urgent first, then "Show more"', async (t) => {
    const bali = await ex.publisher('bali-process');
    const many = await bali.recordMeeting({
      meeting: { title: { en: 'Ministerial Conference' }, level: 'ministerial', startsOn: today() },
      outcomes: Array.from({ length: 30 }, (_, i) => ({
        ref: `m${i + 1}`,
        kind: 'recommendation' as const,
        title: { en: `Measure ${i + 1}` },
        text: { en: 'Members report on the measure.' },
        addressees: ['colombo-process'],
        dueOn: inDays(30 + i),
      })),
      themes: ['trafficking'],
    });
    await fetch(`${ex.url}/v1/activity?limit=1&minSeq=${many.seq}`);
    const page = b.page;
    await settle(page, () => page.goto(`${ex.url}/app/my-work?lang=en`));
    const cards = '#recommendations li.card';
    t.equal(await page.locator(cards).count(), 25, 'a screenful drawn, not all 31');
    t.equal(
      await page.getAttribute(`${cards} >> nth=0`, 'data-outcome'),
      `${seeded.meeting.id}/focal-points`,
      'the one due soonest (overdue) first',
    );
    t.equal(
      await page.getAttribute(`${cards} >> nth=1`, 'data-outcome'),
      `${many.id}/m1`,
      'then by due date',
    );
    await accessible(t, page, 'my-work-more');
    await page.click('#recommendations .show-more');
    await waitFor(async () => (await page.locator(cards).count()) === 31);
    t.equal(
      await page.evaluate(() => document.activeElement?.closest('li')?.dataset.outcome),
      `${many.id}/m25`,
      'the focus on the first card drawn',
    );
    t.notOk(await page.isVisible('#recommendations .show-more'), 'nothing more to show');
  });

  t.same([...a.errors, ...b.errors], [], 'no error in the pages (CSP violations included)');
});
