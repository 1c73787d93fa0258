import type { Duplex } from 'node:stream';
import t from 'tap';
import { feedsRoutes } from '@rcpx/feeds';
import { createLogger } from '@rcpx/service-kit';
import { startReceiver, waitFor } from '@rcpx/testing';
import type { Received } from '@rcpx/testing';
import { sign, startWebhookWorker, webhooksRoutes } from '@rcpx/webhooks';
import { browserSkipReason, launchChromium, startExchange } from './dashboard-browser-support.ts';
import { accessible, openPage, ready, settle, signIn, text } from './workspace-browser-support.ts';

// The workspace's subscription screens and live updates in headless Chromium against a real
// exchange (webhooks API and worker, Atom feeds): a secretariat creates a webhook to a local
// receiver (after fixing the address the API refused), sees its secret once and copies it, sees
// the deliveries arrive signed with it, sends one again, rotates the secret, replays, pauses and
// resumes, gets an Atom feed key, deletes it. A second browser's catalogue shows a quiet "n new
// items" bar when the first publishes, marks a listed item revised or withdrawn meanwhile on its
// card (and counts it in the bar), and its item page a notice when the item is revised.
// Every page: zero serious/critical axe violations at 390 and 1280 px, screenshots (en, fr).

const skip = browserSkipReason();
if (skip) t.plan(0, skip);

/** Whether one of the delivery's signatures is made with `secret` (Standard Webhooks). */
function signedWith(r: Received, secret: string): boolean {
  const id = String(r.headers['webhook-id']);
  const expected = sign(secret, id, Number(r.headers['webhook-timestamp']), r.body);
  return String(r.headers['webhook-signature']).split(' ').includes(expected);
}

t.test('subscriptions and live updates in a browser', async (t) => {
  // the live connections (WebSocket upgrades), to cut them as a network drop would
  const upgraded = new Set<Duplex>();
  const ex = await startExchange(t, {
    async register(app, { db, bus }) {
      app.server.on('upgrade', (_req, socket: Duplex) => {
        upgraded.add(socket);
        socket.once('close', () => upgraded.delete(socket));
      });
      const config = {
        RCPX_WEBHOOK_ALLOW: ['127.0.0.1'],
        RCPX_WEBHOOK_POLL_MS: 50,
        RCPX_WEBHOOK_BACKOFF_MS: 200,
        RCPX_READ_SCHEMA: 'rm',
      };
      const logger = createLogger({ LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' });
      const worker = startWebhookWorker({ db, bus, logger, config });
      t.teardown(() => worker.close());
      await app.register(webhooksRoutes, { config, wake: worker.wake });
      await app.register(feedsRoutes, { schema: 'rm' });
    },
  });
  const receiver = await startReceiver(t);
  const bali = await ex.publisher('bali-process');
  const browser = await launchChromium(t);
  const { context, page } = await openPage(browser);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: ex.url });
  page.on('dialog', (d) => void d.accept());

  await t.test('sign in and create a webhook, fixing the refused address', async (t) => {
    await signIn(ex, page, 'bali-process', '/app/subscriptions');
    t.equal(new URL(page.url()).pathname, '/app/subscriptions');
    t.equal(await text(page, 'nav#nav a[aria-current="page"]'), 'Subscriptions');
    t.equal(await text(page, '#subs-heading + p'), 'No subscription yet.');
    await accessible(t, page, 'subscriptions');

    await page.fill('#sub-url', 'our-server/hooks');
    await page.click('#create-subscription');
    await waitFor(async () => (await page.isVisible('#err-sub-url')) === true);
    t.match(await text(page, '#err-sub-url'), /^Address: /, 'the refusal is next to the address');
    t.equal(await page.getAttribute('#sub-url', 'aria-invalid'), 'true');
    t.equal(await page.evaluate(() => document.activeElement?.id), 'sub-url', 'focus on it');
    await accessible(t, page, 'subscriptions-error');

    await page.fill('#sub-url', receiver.url);
    await page.fill('#sub-description', 'Our case system');
    await page.check('#sub-themes input[value="trafficking"]');
    await settle(page, () => page.click('#create-subscription'));
    t.match(new URL(page.url()).pathname, /^\/app\/subscriptions\/[0-9a-f-]{36}$/);
  });

  let secret = '';
  const subPath = () => new URL(page.url()).pathname;
  await t.test('the secret is shown once, copyable', async (t) => {
    secret = await page.inputValue('#new-secret-value');
    t.match(secret, /^whsec_[A-Za-z0-9+/=]{20,}$/);
    t.match(await text(page, '#new-secret'), 'you will not see this secret again');
    await page.click('#new-secret-copy');
    await waitFor(async () => (await text(page, '#announce')) === 'Copied.');
    const copied = await page.evaluate(() => navigator.clipboard.readText()).catch(() => null);
    if (copied !== null) t.equal(copied, secret, 'on the clipboard');
    t.equal(await text(page, 'h1'), 'Our case system');
    t.match(await text(page, '#sub-facts'), 'Trafficking');
    await accessible(t, page, 'subscription-secret');
    await page.reload();
    await ready(page);
    t.notOk(await page.isVisible('#new-secret'), 'gone after a reload');
    t.notMatch(await page.content(), secret, 'nowhere in the page');
  });

  await t.test('deliveries arrive, signed; one sent again', async (t) => {
    const first = await bali.publishPractice({
      title: { en: 'Hotline for trafficking victims' },
      themes: ['trafficking'],
    });
    await bali.publishPractice({ title: { en: 'Not matching' }, themes: ['labour-migration'] });
    await waitFor(() => receiver.received.length >= 1, { message: 'the receiver got it' });
    const got = receiver.received[0]!;
    t.equal(JSON.parse(got.body).rcpxseq, first.seq);
    t.ok(signedWith(got, secret), 'signed with the secret shown');
    await waitFor(
      async () => (await page.$$('#deliveries li[data-status="delivered"]')).length === 1,
      {
        message: 'the log shows it delivered',
      },
    );
    t.match(await text(page, '#deliveries li'), `Event ${first.seq}`);
    t.match(await text(page, '#deliveries li'), 'answer HTTP 200');
    await accessible(t, page, 'subscription');

    await page.click('#deliveries button[data-redeliver]');
    await waitFor(() => receiver.received.length >= 2, { message: 'sent again' });
    const again = receiver.received[1]!;
    t.equal(again.headers['webhook-id'], got.headers['webhook-id'], 'same webhook-id');
    await waitFor(async () => (await text(page, '#sub-status')) === 'Queued to be sent again.');
    await waitFor(async () => (await text(page, '#deliveries li')).includes('sent again'), {
      message: 'the log shows the redelivery',
    });
  });

  await t.test('rotate the secret, replay, pause and resume', async (t) => {
    await page.click('#rotate-secret');
    await waitFor(() => page.isVisible('#rotated-secret-value'));
    const rotated = await page.inputValue('#rotated-secret-value');
    t.match(rotated, /^whsec_/);
    t.not(rotated, secret);
    t.match(await text(page, '#rotated-secret'), 'both signatures');
    const n = receiver.received.length;
    await bali.publishPractice({ title: { en: 'Second hotline' }, themes: ['trafficking'] });
    await waitFor(() => receiver.received.length > n);
    const after = receiver.received[n]!;
    t.ok(signedWith(after, rotated) && signedWith(after, secret), 'signed with both secrets');

    await page.fill('#replay-after', 'soon');
    await page.click('#replay');
    await waitFor(() => page.isVisible('#err-replay-after'));
    t.match(await text(page, '#err-replay-after'), /^After event number: /);
    await page.fill('#replay-after', '0');
    await page.click('#replay');
    await waitFor(async () => /2 events queued again/.test(await text(page, '#sub-status')));
    await waitFor(() => receiver.received.length >= n + 3, { message: 'the replay arrives' });

    await settle(page, () => page.click('#toggle-active'));
    t.match(await text(page, '#sub-facts'), 'Paused');
    t.equal(await text(page, '#toggle-active'), 'Resume (and retry now)');
    await settle(page, () => page.click('#toggle-active'));
    t.match(await text(page, '#sub-facts'), 'Active');
  });

  await t.test('an Atom feed key', async (t) => {
    await page.click('#create-feed-key');
    await waitFor(() => page.isVisible('#feed-secret-value'));
    const key = await page.inputValue('#feed-secret-value');
    const href = await page.getAttribute('#feed-key .feed-links li:last-child a', 'href');
    t.ok(href?.includes(`key=${key}`), 'the feed URL carries the key');
    t.match(await text(page, '#feed-key .feed-links'), href ?? '', 'and is shown');
    const res = await fetch(href!);
    t.equal(res.status, 200);
    t.match(res.headers.get('content-type'), 'application/atom+xml');
    t.match(await res.text(), 'Hotline for trafficking victims');
    await accessible(t, page, 'subscription-feed-key');
  });

  await t.test('in French', async (t) => {
    const path = subPath();
    await settle(page, () => page.goto(`${ex.url}/app/subscriptions?lang=fr`));
    t.equal(await text(page, 'h1'), 'Abonnements webhook');
    t.match(await text(page, '#subscriptions'), 'Our case system');
    await accessible(t, page, 'subscriptions');
    await settle(page, () => page.goto(`${ex.url}${path}?lang=fr`));
    t.equal(await text(page, '#deliveries-heading'), 'Journal des envois');
    await accessible(t, page, 'subscription');
    await settle(page, () => page.goto(`${ex.url}${path}?lang=en`));
  });

  await t.test('a second browser sees new items arrive, and a revision', async (t) => {
    const { context: other, page: reader } = await openPage(browser);
    t.teardown(() => other.close());
    await reader.goto(`${ex.url}/app/practices?lang=en`);
    await ready(reader);
    const before = await reader.$$eval('#results .card', (els) => els.length);
    t.equal(await text(reader, '#live-bar'), '', 'quiet until something arrives');
    // give the live connection a moment to open: it resumes from the list's seq anyway
    const fresh = await bali.publishPractice({
      title: { en: 'Shelter network' },
      themes: ['trafficking'],
    });
    await waitFor(async () => (await text(reader, '#new-count')) === '1 new item', {
      message: 'the bar counts it',
    });
    t.equal(await reader.getAttribute('#live-bar', 'aria-live'), 'polite');
    t.equal(
      await reader.$$eval('#results .card', (els) => els.length),
      before,
      'the list does not move by itself',
    );
    await accessible(t, reader, 'catalogue-live');
    await settle(reader, () => reader.click('#show-new'));
    t.ok(await reader.isVisible(`#results .card[data-id="${fresh.id}"]`), 'shown on click');
    t.equal(await text(reader, '#live-bar'), '');

    // The connection drops and cannot come back for a while; what is published meanwhile
    // arrives when it does (resumed after the last seq it had).
    await waitFor(() => upgraded.size === 1, { message: 'the catalogue is connected' });
    await other.setOffline(true);
    for (const socket of upgraded) socket.destroy();
    const meanwhile = await bali.publishPractice({
      title: { en: 'Night shelter' },
      themes: ['trafficking'],
    });
    await new Promise((r) => setTimeout(r, 1_000));
    t.equal(await text(reader, '#live-bar'), '', 'nothing while offline');
    await other.setOffline(false);
    await waitFor(async () => (await text(reader, '#new-count')) === '1 new item', {
      message: 'it arrives after the reconnection',
    });
    await settle(reader, () => reader.click('#show-new'));
    t.ok(await reader.isVisible(`#results .card[data-id="${meanwhile.id}"]`));

    // another client revises a listed item, then withdraws it: marked on its card, in place,
    // and counted in the bar; the list does not move until "Reload"
    const order = () => reader.$$eval('#results .card', (els) => els.map((e) => e.dataset.id));
    const listed = await order();
    const mark = `#results .card[data-id="${meanwhile.id}"] .live-mark`;
    await bali.revisePractice(meanwhile.id, 1, { summary: { en: 'Open all night.' } });
    await waitFor(async () => (await text(reader, mark)) === 'Revised meanwhile — reload', {
      message: 'the card says it was revised',
    });
    t.equal(await text(reader, '#new-count'), '1 item updated');
    t.same(await order(), listed, 'nothing moved');
    await accessible(t, reader, 'catalogue-live-updated');
    await bali.withdrawPractice(meanwhile.id);
    await waitFor(async () => (await text(reader, mark)) === 'Withdrawn meanwhile', {
      message: 'then that it was withdrawn',
    });
    t.equal(await text(reader, '#new-count'), '1 item updated', 'one item, counted once');
    t.equal(await text(reader, '#show-new'), 'Reload');
    await settle(reader, () => reader.click('#show-new'));
    t.notOk(await reader.isVisible(`#results .card[data-id="${meanwhile.id}"]`), 'reloaded');
    t.equal(await text(reader, '#live-bar'), '');

    await settle(reader, () => reader.click(`a[href="/app/practices/${fresh.id}"]`));
    t.equal(await text(reader, '#live-notice'), '');
    await bali.revisePractice(fresh.id, 1, { summary: { en: 'Now in ten provinces.' } });
    await waitFor(async () => (await text(reader, '#live-notice')).includes('was revised'), {
      message: 'the item page says so',
    });
    await accessible(t, reader, 'item-live');
    await settle(reader, () => reader.click('#show-latest'));
    t.match(await text(reader, '#content'), 'Now in ten provinces.');
    await bali.withdrawPractice(fresh.id);
    await waitFor(async () => (await text(reader, '#live-notice')).includes('was withdrawn'), {
      message: 'and when it is withdrawn',
    });
  });

  await t.test('delete it', async (t) => {
    await settle(page, () => page.click('#delete-subscription'));
    t.equal(new URL(page.url()).pathname, '/app/subscriptions');
    t.equal(await text(page, '#subs-heading + p'), 'No subscription yet.');
  });
});
