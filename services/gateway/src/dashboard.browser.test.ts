import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import type { Page } from 'playwright-core';
import type { RcpxClient } from '@rcpx/client';
import { waitFor } from '@rcpx/testing';
import { browserSkipReason, launchChromium, startExchange } from './dashboard-browser-support.ts';
import type { Exchange } from './dashboard-browser-support.ts';
import { startProxy } from './test-proxy.ts';

// The workshop dashboard in headless Chromium against a real exchange (ingest, projector, query,
// live gateway): live arrivals within a second, a cut connection that recovers by itself and
// shows what was published meanwhile, languages, the theme filter, a member's view, time travel.

const SCREENSHOT = fileURLToPath(new URL('../../../test-results/dashboard.png', import.meta.url));

const skip = browserSkipReason();
if (skip) t.plan(0, skip);

/** Reads the page. */
const dom = (page: Page) => ({
  state: () => page.getAttribute('#status', 'data-state'),
  statusText: () => page.textContent('#status-text'),
  seqs: () =>
    page.$$eval('#ticker .entry', (els) => els.map((e) => Number((e as HTMLElement).dataset.seq))),
  entry: (seq: number) =>
    page.$eval(`#ticker .entry[data-seq="${seq}"]`, (e) => ({
      who: e.querySelector('.who')?.textContent,
      what: e.querySelector('.what')?.textContent,
      title: e.querySelector('.title')?.textContent,
      titleLang: e.querySelector('.title')?.getAttribute('lang'),
      tags: Array.from(e.querySelectorAll('.tag'), (x) => x.textContent),
    })),
  counts: (list: 'themes' | 'participants') =>
    page.$$eval(`#${list} [data-${list === 'themes' ? 'theme' : 'participant'}]`, (els) =>
      Object.fromEntries(
        els.map((e) => [
          (e as HTMLElement).dataset.theme ?? (e as HTMLElement).dataset.participant,
          Number(e.querySelector('.count')?.textContent),
        ]),
      ),
    ),
});

/** The counts the API gives a reader once the read models reached `seq`. */
async function apiCounts(ex: Exchange, seq: number, token?: string) {
  const get = async (path: string) => {
    const res = await fetch(`${ex.url}${path}?minSeq=${seq}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    const body = (await res.json()) as { items: { slug: string; count: number }[] };
    return Object.fromEntries(body.items.map((i) => [i.slug, i.count]));
  };
  return { themes: await get('/v1/themes'), participants: await get('/v1/participants') };
}

/** Some history: practices in three languages, a members-only one, a meeting, a publication. */
async function seed(bali: RcpxClient, colombo: RcpxClient, iom: RcpxClient) {
  const screening = await bali.publishPractice({
    title: {
      en: 'Joint screening of arrivals at sea ports',
      fr: 'Contrôle conjoint dans les ports',
    },
    themes: ['trafficking', 'border-management'],
  });
  const hidden = await bali.publishPractice({
    title: { en: 'Internal debrief: maritime exercise' },
    themes: ['smuggling'],
    visibility: { level: 'members' },
  });
  const fees = await colombo.publishPractice({
    title: { en: 'Capping recruitment fees charged to migrant workers' },
    themes: ['labour-migration', 'human-rights'],
  });
  const meeting = await colombo.recordMeeting({
    meeting: {
      title: { en: 'Senior Officials’ Meeting', es: 'Reunión de altos funcionarios' },
      level: 'senior-officials',
      startsOn: '2026-05-04',
    },
    outcomes: [{ kind: 'recommendation', text: 'Share pre-departure curricula.' }],
    themes: ['labour-migration', 'gender'],
  });
  const guide = await iom.releasePublication({
    title: { es: 'Guía de retorno voluntario asistido' },
    kind: 'guidelines',
    url: 'https://publications.iom.int/guia-retorno',
    themes: ['return-reintegration', 'asylum'],
  });
  return { screening, hidden, fees, meeting, guide };
}

t.test('live arrivals within 1 s; a cut connection recovers by itself', async (t) => {
  const ex = await startExchange(t);
  const proxy = await startProxy(t, ex.port);
  const bali = await ex.publisher('bali-process');
  const colombo = await ex.publisher('colombo-process');
  const iom = await ex.publisher('iom');
  const seeded = await seed(bali, colombo, iom);

  const browser = await launchChromium(t);
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  const errors: string[] = [];
  // The browser logs each refused WebSocket while the proxy is down: expected, not an error.
  const refused = /^WebSocket connection to .* failed/;
  page.on('console', (m) => {
    if (m.type() === 'error' && !refused.test(m.text())) errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  const d = dom(page);
  await page.goto(`http://127.0.0.1:${proxy.port}/dashboard?lang=en`);
  await waitFor(async () => (await d.state()) === 'live', { timeoutMs: 30_000 });
  await page.evaluate(() => {
    const w = window as unknown as { states: string[] };
    const status = document.getElementById('status')!;
    w.states = [status.dataset.state!];
    new MutationObserver(() => {
      const state = status.dataset.state!;
      if (w.states.at(-1) !== state) w.states.push(state);
    }).observe(status, {
      attributes: true,
      attributeFilter: ['data-state'],
    });
  });

  // The start: counts equal the API's, the ticker holds what anonymous may see.
  const at = seeded.guide.seq;
  t.same(await d.counts('themes'), (await apiCounts(ex, at)).themes, 'theme counts at load');
  t.same(await d.counts('participants'), (await apiCounts(ex, at)).participants);
  t.same(
    await d.seqs(),
    [seeded.guide, seeded.meeting, seeded.fees, seeded.screening].map((w) => w.seq),
    'the ticker: newest first, without the members-only practice',
  );
  t.same(await d.entry(seeded.guide.seq), {
    who: 'IOM',
    what: 'released a publication',
    title: 'Guía de retorno voluntario asistido',
    titleLang: 'es',
    tags: ['Return and reintegration', 'Asylum and refugee protection'],
  });

  // Live: published through the API, in the ticker and the theme count (latency: bench:live).
  const before = await d.counts('themes');
  const live = await bali.publishPractice({
    title: { en: 'Victim identification checklist for front-line officers' },
    themes: ['trafficking', 'health'],
  });
  await waitFor(
    async () =>
      (await d.seqs())[0] === live.seq &&
      (await d.counts('themes')).trafficking === before.trafficking! + 1,
    { timeoutMs: 30_000, intervalMs: 20, message: 'the ticker and the theme count follow' },
  );
  t.match(await d.entry(live.seq), {
    who: 'Bali Process',
    what: 'shared a practice',
    tags: ['Trafficking in persons', 'Migration and health'],
  });
  t.equal((await d.counts('themes')).health, before.health! + 1);

  // Cut: every connection through the proxy dies and new ones are refused.
  proxy.down();
  await waitFor(async () => (await d.state()) === 'reconnecting', {
    timeoutMs: 30_000,
    message: 'the indicator shows reconnecting',
  });
  t.equal(await d.statusText(), 'Reconnecting…');
  const missed = await colombo.publishPractice({
    title: { es: 'Ventanillas únicas para trabajadores migrantes' },
    themes: ['labour-migration'],
  });
  const gone = await bali.withdrawPractice(seeded.screening.id);
  proxy.up();
  await waitFor(async () => (await d.state()) === 'live' && (await d.seqs())[0] === gone.seq, {
    timeoutMs: 20_000,
    message: 'recovers and shows what was published while down',
  });
  t.ok((await d.seqs()).includes(missed.seq), 'the event published while down is shown');
  t.equal((await d.entry(gone.seq)).what, 'withdrew a practice');
  const states = await page.evaluate(() => (window as unknown as { states: string[] }).states);
  t.same(states.slice(0, 2), ['live', 'reconnecting'], `live, then reconnecting (${states})`);
  t.equal(states.at(-1), 'live', 'then live again, by itself');

  // A revision moving an item between themes: the counts follow (resync at its seq).
  const moved = await colombo.revisePractice(seeded.fees.id, 1, { themes: ['integration'] });
  await waitFor(async () => (await d.counts('themes')).integration === 1, { timeoutMs: 30_000 });
  const seqs = await d.seqs();
  t.equal(seqs[0], moved.seq);
  t.equal(new Set(seqs).size, seqs.length, 'no entry twice');
  t.same(await d.counts('themes'), (await apiCounts(ex, moved.seq)).themes, 'counts agree');
  t.same(await d.counts('participants'), (await apiCounts(ex, moved.seq)).participants);

  mkdirSync(dirname(SCREENSHOT), { recursive: true });
  await page.waitForTimeout(6_500); // let the arrival highlight fade for a calm screenshot
  await page.screenshot({ path: SCREENSHOT });
  t.same(errors, [], 'no error in the page (CSP violations included)');
});

t.test('languages, theme filter, a member’s view and time travel', async (t) => {
  const ex = await startExchange(t);
  const bali = await ex.publisher('bali-process');
  const colombo = await ex.publisher('colombo-process');
  const iom = await ex.publisher('iom');
  const seeded = await seed(bali, colombo, iom);
  const browser = await launchChromium(t);
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const d = dom(page);
  await page.goto(`${ex.url}/dashboard?lang=en`);
  await waitFor(async () => (await d.state()) === 'live', { timeoutMs: 30_000 });

  await page.click('#langs [data-lang="fr"]');
  await waitFor(async () => (await page.textContent('#ticker-heading')) === 'Dernières nouvelles');
  t.equal(await page.getAttribute('html', 'lang'), 'fr');
  t.equal(await d.statusText(), 'En direct');
  t.match(await d.entry(seeded.screening.seq), {
    what: 'a partagé une pratique',
    title: 'Contrôle conjoint dans les ports',
    tags: ['Traite des personnes', 'Gestion des frontières'],
  });
  t.match(page.url(), /lang=fr/);

  await page.click('#themes [data-theme="labour-migration"]');
  await waitFor(async () => (await d.seqs()).length === 2);
  t.same(await d.seqs(), [seeded.meeting.seq, seeded.fees.seq], 'only the chosen theme');
  t.match(page.url(), /themes=labour-migration/);
  const other = await iom.publishPractice({
    title: { en: 'Health screening' },
    themes: ['health'],
  });
  await waitFor(async () => (await d.counts('themes')).health === 1);
  t.notOk((await d.seqs()).includes(other.seq), 'filtered out of the ticker, still counted');
  await page.click('#filter button');
  await waitFor(async () => (await d.seqs())[0] === other.seq, { message: 'filter cleared' });

  // A member's view: the token in the URL shows Bali's members-only practice, live too.
  const memberPage = await browser.newPage();
  const reader = await mintReader(ex);
  await memberPage.goto(`${ex.url}/dashboard?access_token=${reader}`);
  const m = dom(memberPage);
  await waitFor(async () => (await m.state()) === 'live', { timeoutMs: 30_000 });
  t.ok((await m.seqs()).includes(seeded.hidden.seq), 'members-only item in the member’s view');
  t.equal((await m.counts('themes')).smuggling, 1);
  t.equal((await d.counts('themes')).smuggling, 0, 'not in the anonymous view');
  const secret = await bali.publishPractice({
    title: { en: 'Members-only follow-up' },
    themes: ['smuggling'],
    visibility: { level: 'members' },
  });
  await waitFor(async () => (await m.seqs())[0] === secret.seq, { timeoutMs: 30_000 });
  t.notOk((await d.seqs()).includes(secret.seq), 'never on the anonymous page');

  // Time travel: as of the second public write, from the log.
  const travel = await browser.newPage();
  await travel.goto(`${ex.url}/dashboard?asOf=${seeded.fees.seq}&lang=en`);
  const tt = dom(travel);
  await waitFor(async () => (await tt.state()) === 'asof');
  t.equal(await tt.statusText(), `As of seq ${seeded.fees.seq}`);
  t.same(await tt.seqs(), [seeded.fees.seq, seeded.screening.seq]);
  const themes = await tt.counts('themes');
  t.match(themes, { trafficking: 1, 'labour-migration': 1, gender: 0, asylum: 0 });
  await travel.click('#later');
  await waitFor(async () => (await tt.seqs())[0] === seeded.meeting.seq);
  t.match(travel.url(), new RegExp(`asOf=${seeded.meeting.seq}`));
  t.equal((await tt.counts('themes'))['labour-migration'], 2);
});

/** A reader token of bali-process, minted with the admin token. */
async function mintReader(ex: Exchange): Promise<string> {
  const res = await fetch(`${ex.url}/v1/admin/tokens`, {
    method: 'POST',
    headers: { authorization: 'Bearer dashboard-test-admin', 'content-type': 'application/json' },
    body: JSON.stringify({ participant: 'bali-process', role: 'reader' }),
  });
  return ((await res.json()) as { token: string }).token;
}
