import t from 'tap';
import type { BrowserContext, Page, Request } from 'playwright-core';
import { waitFor } from '@rcpx/testing';
import { browserSkipReason, launchChromium, startExchange } from './dashboard-browser-support.ts';
import { accessible, openPage, settle, signIn } from './workspace-browser-support.ts';

// The workspace's forms in headless Chromium against a real exchange: a secretariat publishes a
// meeting with two recommendations (one addressed, one with a due date) after fixing what the
// API refused, and a publication; revises a practice; loses a 412 race to another tab and
// recovers by re-applying its edits; empties optional fields (they are removed); withdraws after
// confirming. Only the publisher sees the buttons. Every new page: zero serious/critical axe
// violations and nothing wider than the window at 390 and 1280 px; screenshots
// test-results/workspace-<page>-<lang>-<width>.png (en; fr and es for the publish/revise forms).

const skip = browserSkipReason();
if (skip) t.plan(0, skip);

const visible = (page: Page, selector: string) =>
  waitFor(async () => page.isVisible(selector), { timeoutMs: 30_000, message: selector });

const idOf = (page: Page) => new URL(page.url()).pathname.split('/')[3]!;
const seqOf = (page: Page) => Number(new URL(page.url()).searchParams.get('minSeq'));

t.test('publish, revise, lose a race, re-apply, withdraw', async (t) => {
  const ex = await startExchange(t);
  const bali = await ex.publisher('bali-process');
  const practice = await bali.publishPractice({
    title: { en: 'Joint screening at sea ports' },
    summary: { en: 'Officers screen together.' },
    themes: ['trafficking'],
    countries: ['TH'],
  });
  const browser = await launchChromium(t);
  const contexts: BrowserContext[] = [];
  const open = async () => {
    const opened = await openPage(browser);
    contexts.push(opened.context);
    return opened;
  };
  const { page, errors } = await open();
  await signIn(ex, page, 'bali-process', '/app/meetings/new');

  await t.test('a meeting with two recommendations, after fixing what was refused', async (t) => {
    t.equal(new URL(page.url()).pathname, '/app/meetings/new');
    t.equal(await page.textContent('h1'), 'Publish a meeting’s outcomes');
    t.equal(await page.getAttribute('.kinds a[href="/app/meetings/new"]', 'aria-current'), 'page');
    await accessible(t, page, 'publish-meeting');

    // the level, the date, the outcome's text and the themes are missing: said field by field
    await page.fill('#mtitle-en', 'Ministerial Conference on trafficking');
    await page.check('#visibility input[value="public"]');
    await page.click('#publish');
    await visible(page, '#error-summary');
    t.equal(await page.textContent('#err-meeting-level'), 'Level: choose one in the list.');
    t.equal(await page.textContent('#err-meeting-startsOn'), 'First day: give a date.');
    t.equal(
      await page.textContent('.outcome:nth-child(1) .field-error'),
      'Outcome 1 — Kind: choose one in the list. Outcome 1 — Text: write it in at least one language.',
      'an outcome says which of its parts',
    );
    t.equal(await page.textContent('#err-themes'), 'Choose at least one theme (at most 8).');
    t.equal(await page.getAttribute('#level', 'aria-invalid'), 'true');
    t.equal(await page.evaluate(() => document.activeElement?.id), 'error-summary');
    await accessible(t, page, 'publish-meeting-errors');

    await page.selectOption('#level', 'ministerial');
    await page.fill('#startsOn', '2026-03-02');
    await page.fill('#hostCountry', 'id');
    const first = page.locator('.outcome').nth(0);
    await first.locator('select').selectOption('recommendation');
    await first.locator('textarea').first().fill('Share screening data within 48 hours.');
    await first.locator('.addressees summary').click();
    await first.locator('input[type=checkbox][value="iom"]').check();
    await page.click('#add-outcome');
    t.equal(
      await page.evaluate(() => document.activeElement?.closest('.outcome') !== null),
      true,
      'focus moves into the new outcome',
    );
    const second = page.locator('.outcome').nth(1);
    t.equal(await second.locator('legend').first().textContent(), 'Outcome 2');
    await second.locator('select').selectOption('recommendation');
    await second.locator('textarea').first().fill('Train port officers.');
    await second.locator('input[type=date]').fill('2027-06-30');
    await page.check('#themes input[value="trafficking"]');
    await settle(page, () => page.click('#publish'));
    t.equal(await page.textContent('#item-title'), 'Ministerial Conference on trafficking');

    const meeting = await bali.getMeeting(idOf(page), { minSeq: seqOf(page) });
    t.match(meeting, {
      meeting: { level: 'ministerial', startsOn: '2026-03-02', hostCountry: 'ID' },
      outcomes: [
        {
          ref: 'r1',
          kind: 'recommendation',
          text: { en: 'Share screening data within 48 hours.' },
          addressees: ['iom'],
        },
        {
          ref: 'r2',
          kind: 'recommendation',
          text: { en: 'Train port officers.' },
          dueOn: '2027-06-30',
        },
      ],
      visibility: { level: 'public' },
    });
    t.notOk('dueOn' in (meeting.outcomes as object[])[0]!, 'no due date where none was given');
    t.match(
      await page.textContent('.outcomes li:first-child'),
      'Share screening data within 48 hours.Addressed to IOM',
      'the page says to whom',
    );
    t.match(await page.textContent('.outcomes li:nth-child(2)'), /due Jun 30, 2027/);
    const refs = (meeting.outcomes as { ref: string }[]).map((o) => o.ref);
    t.same(
      await page.$$eval('.outcomes .outcome-meta a', (as) => as.map((a) => a.getAttribute('href'))),
      refs.map((r) => `/app/follow-ups/${meeting.id as string}/${r}`),
      'each outcome links to its follow-up reports',
    );
    t.ok(await page.isVisible('#revise'), 'its publisher may revise it');
    await accessible(t, page, 'meeting-owner');

    // a revision keeps the refs: an outcome is edited, the list is sent with them
    await settle(page, () => page.click('#revise'));
    t.equal(new URL(page.url()).pathname, `/app/meetings/${meeting.id}/edit`);
    t.equal(await page.inputValue('#mtitle-en'), 'Ministerial Conference on trafficking');
    t.match(await page.textContent('.outcome:nth-child(2)'), 'Reference r2');
    await page.locator('.outcome').nth(1).locator('input[type=date]').fill('2027-09-30');
    await settle(page, () => page.click('#save'));
    const revised = await bali.getMeeting(meeting.id, { minSeq: seqOf(page) });
    t.match(revised, { version: 2, outcomes: [{ ref: 'r1' }, { ref: 'r2', dueOn: '2027-09-30' }] });
  });

  await t.test('a publication, seen by whom the preview says', async (t) => {
    await settle(page, () => page.click('.top a[href="/app/practices/new"]'));
    await settle(page, () => page.click('.kinds a[href="/app/publications/new"]'));
    t.equal(await page.textContent('h1'), 'Publish a publication');
    await page.fill('#title-en', 'Return and reintegration toolkit');
    await page.selectOption('#pubkind', 'training');
    await page.fill('#url', 'https://example.org/toolkit.pdf');
    await page.fill('#languages', 'en, FR');
    await page.check('#themes input[value="return-reintegration"]');
    await page.check('#visibility input[value="members"]');
    await waitFor(async () => /Only/.test((await page.textContent('#visibility-preview')) ?? ''));
    t.equal(
      await page.textContent('#visibility-preview'),
      'Only Bali Process (and the exchange’s administrators) will see it. Nobody else, not even in counts or search.',
    );
    await accessible(t, page, 'publish-publication');
    await settle(page, () => page.click('#publish'));
    const pub = await bali.getPublication(idOf(page), { minSeq: seqOf(page) });
    t.match(pub, {
      publicationKind: 'training',
      url: 'https://example.org/toolkit.pdf',
      languages: ['en', 'fr'],
      visibility: { level: 'members' },
    });
    t.equal((await fetch(`${ex.url}/v1/publications/${pub.id}`)).status, 404, 'nobody else');
  });

  await t.test('revise a practice; lose a race to another tab; re-apply', async (t) => {
    await settle(page, () => page.goto(`${ex.url}/app/practices/${practice.id}`));
    await settle(page, () => page.click('#revise'));
    t.equal(await page.textContent('h1'), 'Revise: Joint screening at sea ports');
    t.equal(await page.inputValue('#summary-en'), 'Officers screen together.', 'prefilled');
    t.ok(await page.isChecked('#visibility input[value="public"]'), 'its visibility too');
    await accessible(t, page, 'revise');
    await page.fill('#summary-en', 'Officers of both sides screen arrivals together.');
    const patches: string[] = [];
    const onRequest = (r: Request) => {
      if (r.method() === 'PATCH')
        patches.push(`${r.headers()['if-match']} ${r.headers()['idempotency-key']}`);
    };
    page.on('request', onRequest);
    await settle(page, () => page.dblclick('#save'));
    page.off('request', onRequest);
    t.ok(
      patches.length >= 1 && patches.every((p) => p === patches[0] && p.startsWith('"1" app-')),
      'If-Match and one Idempotency-Key, whatever the clicks',
    );
    t.match(await page.textContent('#versions li:first-child'), /Version 2.*Changed: Summary/);

    // this tab opens the form at version 2 …
    await settle(page, () => page.click('#revise'));
    // … another tab (another browser, same secretariat) saves a new title first
    const { page: other } = await open();
    await signIn(ex, other, 'bali-process', `/app/practices/${practice.id}/edit`);
    await other.fill('#title-en', 'Joint screening at sea and river ports');
    await other.check('#themes input[value="border-management"]');
    await settle(other, () => other.click('#save'));
    t.match(await other.textContent('#item-title'), 'sea and river ports');

    await page.fill('#summary-en', 'Both sides screen arrivals together, with IOM.');
    await page.fill('#countries', 'TH, MY');
    await page.click('#save');
    await visible(page, '#conflict');
    t.equal(await page.evaluate(() => document.activeElement?.id), 'conflict');
    t.match(
      await page.textContent('#conflict'),
      'You started from version 2; it is now at version 3.',
    );
    t.same(
      await page.$$eval('#diff tbody tr', (rows) => rows.map((r) => r.getAttribute('data-field'))),
      ['title', 'themes'],
      'what changed meanwhile, field by field',
    );
    t.match(
      await page.textContent('#diff tr[data-field="title"]'),
      /EN: Joint screening at sea ports.*EN: Joint screening at sea and river ports/,
    );
    await accessible(t, page, 'revise-conflict');

    await page.click('#reapply');
    await visible(page, '#reapplied');
    t.equal(await page.inputValue('#title-en'), 'Joint screening at sea and river ports', 'theirs');
    t.equal(
      await page.inputValue('#summary-en'),
      'Both sides screen arrivals together, with IOM.',
      'mine',
    );
    t.equal(await page.inputValue('#countries'), 'TH, MY', 'mine');
    t.ok(await page.isChecked('#themes input[value="border-management"]'), 'theirs');
    await settle(page, () => page.click('#save'));
    const now = await bali.getPractice(practice.id, { minSeq: seqOf(page) });
    t.match(now, {
      version: 4,
      title: { en: 'Joint screening at sea and river ports' },
      summary: { en: 'Both sides screen arrivals together, with IOM.' },
      countries: ['TH', 'MY'],
      themes: ['trafficking', 'border-management'],
    });
    t.match(
      await page.textContent('#versions li:first-child'),
      /Version 4.*Changed: Summary, Countries/,
    );
  });

  await t.test('clearing optional fields in the revise form removes them', async (t) => {
    await settle(page, () => page.click('#revise'));
    await page.fill('#summary-en', '');
    await page.fill('#countries', '');
    const bodies: string[] = [];
    const onRequest = (r: Request) => {
      if (r.method() === 'PATCH') bodies.push(r.postData() ?? '');
    };
    page.on('request', onRequest);
    await settle(page, () => page.click('#save'));
    page.off('request', onRequest);
    t.same(JSON.parse(bodies[0] ?? '{}'), { summary: null, countries: null }, 'sent as null');
    t.match(
      await page.textContent('#versions li:first-child'),
      /Version 5.*Changed: Summary, Countries/,
    );
    t.notMatch(await page.textContent('#content'), /Both sides screen/, 'no summary on the page');
    t.notMatch(await page.textContent('.facts'), /Countries/, 'no countries either');
    const now = await bali.getPractice(practice.id, { minSeq: seqOf(page) });
    t.match(now, { version: 5, title: { en: 'Joint screening at sea and river ports' } });
    t.notOk('summary' in now || 'countries' in now, 'removed from the item');
  });

  await t.test('only the publisher sees the buttons', async (t) => {
    const { page: anonymous } = await open();
    await settle(anonymous, () => anonymous.goto(`${ex.url}/app/practices/${practice.id}`));
    t.notOk(await anonymous.isVisible('#revise'), 'not anonymous visitors');
    await signIn(ex, anonymous, 'colombo-process', `/app/practices/${practice.id}`);
    t.match(await anonymous.textContent('#whoami'), 'Colombo');
    t.notOk(await anonymous.isVisible('#revise'), 'not another participant');
    t.notOk(await anonymous.isVisible('#withdraw'));
    await settle(anonymous, () => anonymous.goto(`${ex.url}/app/practices/${practice.id}/edit`));
    t.equal(
      await anonymous.textContent('main p:last-child'),
      'Only its publisher may revise or withdraw it.',
    );
  });

  await t.test('withdraw after confirming', async (t) => {
    await page.click('#withdraw');
    await visible(page, '#withdraw-confirm');
    t.equal(await page.getAttribute('#withdraw', 'aria-expanded'), 'true');
    await accessible(t, page, 'withdraw');
    await page.click('#cancel-withdraw');
    t.notOk(await page.isVisible('#withdraw-confirm'), 'cancel closes it');
    t.equal(await page.evaluate(() => document.activeElement?.id), 'withdraw');
    await page.click('#withdraw');
    await page.fill('#withdraw-reason', 'Superseded by the regional plan.');
    await settle(page, () => page.click('#confirm-withdraw'));
    t.equal(await page.textContent('.badge'), 'Withdrawn');
    t.notOk(await page.isVisible('#revise'), 'nothing left to revise');
    const gone = await bali.getPractice(practice.id, { minSeq: seqOf(page) });
    t.match(gone, { status: 'withdrawn', version: 6 });
  });

  await t.test('in Spanish and French, at both widths', async (t) => {
    const meetings = await bali.listMeetings({});
    const id = meetings.items[0]!.id;
    // French last: the race below is lost on its revise form
    for (const lang of ['es', 'fr'] as const) {
      for (const [name, path] of [
        ['publish-meeting', '/app/meetings/new'],
        ['publish-publication', '/app/publications/new'],
        ['revise', `/app/meetings/${id}/edit`],
      ] as const) {
        await settle(page, () => page.goto(`${ex.url}${path}?lang=${lang}`));
        t.equal(await page.getAttribute('html', 'lang'), lang);
        await accessible(t, page, name);
      }
    }
    t.equal(await page.textContent('h1'), 'Réviser : Ministerial Conference on trafficking');
    // a race lost in French: the table of differences and the re-apply in French
    const before = await bali.getMeeting(id);
    await bali.reviseMeeting(id, before.version, { themes: ['trafficking', 'smuggling'] });
    await page.fill('#venue', 'Bali');
    await page.click('#save');
    await visible(page, '#conflict');
    t.match(await page.textContent('#conflict h2'), 'Quelqu’un l’a modifié');
    await accessible(t, page, 'revise-conflict');
    await page.click('#reapply');
    await visible(page, '#reapplied');
    t.equal(await page.inputValue('#venue'), 'Bali');
    await settle(page, () => page.click('#save'));
    await accessible(t, page, 'meeting-owner');
    await page.click('#withdraw');
    await visible(page, '#withdraw-confirm');
    t.equal(await page.textContent('#withdraw-heading'), 'Retirer cet élément ?');
    await accessible(t, page, 'withdraw');
    // changed by another hand while the confirmation was open: refused, said, nothing withdrawn
    const current = await bali.getMeeting(id);
    await bali.reviseMeeting(id, current.version, { themes: ['trafficking'] });
    await page.click('#confirm-withdraw');
    await waitFor(async () => /version/.test((await page.textContent('#withdraw-error')) ?? ''));
    t.match(
      await page.textContent('#withdraw-error'),
      `Il a été modifié entre-temps (version ${current.version + 1}).`,
    );
    t.match(await bali.getMeeting(id), { status: 'active' }, 'If-Match kept it');
  });

  t.same(errors, [], 'no error in the page (CSP violations included)');
  for (const c of contexts) await c.close();
});
