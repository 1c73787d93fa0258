import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import type { Page } from 'playwright-core';
import type { RcpxClient } from '@rcpx/client';
import { waitFor } from '@rcpx/testing';
import { browserSkipReason, launchChromium, startExchange } from './dashboard-browser-support.ts';
import type { Exchange } from './dashboard-browser-support.ts';
import { axeViolations, serious } from './workspace-browser-support.ts';

// The dashboard's network panels in headless Chromium against a real exchange: who learns from
// whom (SVG), open queries with their countdown and reply counts, follow-up of recommendations
// per process; live, in en/fr/es, each as the viewer's token may see it; axe finds nothing
// serious. Screenshots in test-results/dashboard-network-*.png.

const RESULTS = fileURLToPath(new URL('../../../test-results/', import.meta.url));
const shot = (name: string) => `${RESULTS}dashboard-network-${name}.png`;

const skip = browserSkipReason();
if (skip) t.plan(0, skip);

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

/** Reads the panels. */
const panels = (page: Page) => ({
  state: () => page.getAttribute('#status', 'data-state'),
  bands: async () =>
    (
      await page.$$eval('#flows .band', (els) =>
        els.map((e) => {
          const d = (e as SVGElement).dataset;
          return `${d.from}>${d.to}:${d.stage}:${d.n}`;
        }),
      )
    ).sort(),
  bandTitle: (from: string, to: string) =>
    page.textContent(`#flows .band[data-from="${from}"][data-to="${to}"] title`),
  query: (id: string) =>
    page.$$eval(
      `#queries .query[data-query="${id}"]`,
      (els) =>
        els.map((e) => ({
          who: e.querySelector('.who')?.textContent,
          title: e.querySelector('.q-title')?.textContent,
          replies: e.querySelector('.replies')?.textContent,
          asked: e.querySelector('.asked')?.textContent,
          countdown: e.querySelector('.countdown')?.textContent,
        }))[0] ?? null,
    ),
  followUp: (slug: string) =>
    page.$$eval(
      `#follow-ups .follow-up[data-participant="${slug}"]`,
      (els) =>
        els.map((e) => {
          const d = (e as HTMLElement).dataset;
          return {
            total: Number(d.total),
            implemented: Number(d.implemented),
            overdue: Number(d.overdue),
            share: e.querySelector('.share')?.textContent,
            overdueText: (e.querySelector('.overdue') as HTMLElement | null)?.hidden
              ? ''
              : e.querySelector('.overdue')?.textContent,
          };
        })[0] ?? null,
    ),
});

/** `GET /v1/stats/flows` as a reader, in the drawing's notation. */
async function apiBands(ex: Exchange, seq: number, token?: string): Promise<string[]> {
  const res = await fetch(`${ex.url}/v1/stats/flows?minSeq=${seq}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  const rows = (await res.json()) as { from: string; to: string; stage: string; n: number }[];
  return rows.map((r) => `${r.from}>${r.to}:${r.stage}:${r.n}`).sort();
}

/** Adoptions across three processes, a query with replies, a meeting with follow-ups. */
async function seed(c: Record<'bali' | 'colombo' | 'puebla' | 'iom', RcpxClient>) {
  const origin = await c.bali.publishPractice({
    title: { en: 'Referral of trafficked workers' },
    themes: ['trafficking', 'labour-migration'],
  });
  const local = await c.colombo.publishPractice({
    title: { en: 'Referral desks at recruitment agencies' },
    themes: ['labour-migration'],
  });
  const hidden = await c.bali.publishPractice({
    title: { en: 'Shared with Colombo only: joint maritime drills' },
    themes: ['smuggling'],
    visibility: { level: 'rcps', rcps: ['colombo-process'] },
  });
  await c.colombo.recordAdoption(origin.id, { stage: 'adapted', localPractice: local.id });
  await c.puebla.recordAdoption(local.id, { stage: 'piloting' });
  await c.iom.recordAdoption(origin.id, { stage: 'considering' });
  await c.colombo.recordAdoption(hidden.id, { stage: 'adopted' });

  const query = await c.bali.launchQuery({
    title: { en: 'Reintegration grants: what works?', fr: 'Aides à la réintégration ?' },
    questions: [{ ref: 'grants', text: { en: 'Do your members run reintegration grants?' } }],
    themes: ['return-reintegration'],
    addressees: ['iom', 'colombo-process', 'puebla-process'],
    deadline: inDays(10),
  });
  const answers = [{ ref: 'grants', text: { en: 'Yes, since 2004.' } }];
  await c.iom.replyToQuery(query.id, { answers, visibility: { level: 'public' } });
  // without visibility a reply is for the launcher alone
  await c.colombo.replyToQuery(query.id, { answers });

  const meeting = await c.colombo.recordMeeting({
    meeting: {
      title: { en: 'Colombo Process SOM' },
      level: 'senior-officials',
      startsOn: '2026-01-20',
    },
    outcomes: [
      {
        ref: 'focal-points',
        kind: 'recommendation',
        title: { en: 'Focal points' },
        text: { en: 'Designate national focal points.' },
        addressees: ['bali-process', 'iom'],
        dueOn: '2026-01-31',
      },
      {
        ref: 'curricula',
        kind: 'recommendation',
        text: { en: 'Share pre-departure curricula.' },
        addressees: ['iom'],
        dueOn: inDays(200),
      },
      {
        ref: 'data-sharing',
        kind: 'recommendation',
        text: { en: 'Share data on recruitment fees.' },
        addressees: ['bali-process'],
        dueOn: '2026-03-01',
      },
    ],
    themes: ['labour-migration'],
  });
  const text = { en: 'Done in two member states.' };
  await c.iom.reportFollowUp(meeting.id, 'focal-points', { status: 'implemented', text });
  const last = await c.bali.reportFollowUp(meeting.id, 'focal-points', {
    status: 'in-progress',
    text,
  });
  return { origin, local, hidden, query, meeting, last };
}

t.test('the network panels: flows, open queries, follow-up; live, languages, tokens', async (t) => {
  const ex = await startExchange(t);
  const c = {
    bali: await ex.publisher('bali-process'),
    colombo: await ex.publisher('colombo-process'),
    puebla: await ex.publisher('puebla-process'),
    iom: await ex.publisher('iom'),
  };
  const seeded = await seed(c);
  const browser = await launchChromium(t);
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  const paths: string[] = [];
  page.on('request', (r) => paths.push(new URL(r.url()).pathname));
  const p = panels(page);
  await page.goto(`${ex.url}/dashboard?lang=en`);
  await waitFor(async () => (await p.state()) === 'live', { timeoutMs: 30_000 });
  await waitFor(async () => (await p.followUp('bali-process')) !== null, { timeoutMs: 30_000 });
  t.same(
    paths.filter((path) => path.includes('follow-up')),
    ['/v1/follow-ups/summary'],
    'the follow-up panel is one read, not one a participant',
  );

  // Who learns from whom: the API's flows for anonymous, drawn; nothing members-only.
  const anonymous = await apiBands(ex, seeded.last.seq);
  await waitFor(async () => (await p.bands()).length === anonymous.length, { timeoutMs: 10_000 });
  t.same(await p.bands(), anonymous, 'the drawing has the flows anonymous may see');
  t.same(anonymous, [
    'bali-process>colombo-process:adapted:1',
    'bali-process>iom:considering:1',
    'colombo-process>puebla-process:piloting:1',
  ]);
  t.equal(
    await p.bandTitle('bali-process', 'colombo-process'),
    'Colombo Process — adapted: 1 practice of Bali Process',
  );

  // Open queries: replies anonymous may read, who was asked, a countdown that moves.
  const q = (await p.query(seeded.query.id))!;
  t.match(q, {
    who: 'Bali Process',
    title: 'Reintegration grants: what works?',
    replies: '1 reply',
    asked: '3 asked',
    countdown: /^\d+ d \d\d:\d\d:\d\d left$/,
  });
  t.match(q.countdown, /^(9|10) d /, 'ten days to the end of the deadline day');
  await waitFor(async () => (await p.query(seeded.query.id))!.countdown !== q.countdown, {
    timeoutMs: 5_000,
    message: 'the countdown ticks',
  });

  // Follow-up per process: counts, share implemented, overdue.
  t.same(await p.followUp('bali-process'), {
    total: 2,
    implemented: 0,
    overdue: 1,
    share: '0/2 implemented',
    overdueText: '1 overdue',
  });
  t.match(await p.followUp('iom'), { total: 2, implemented: 1, overdue: 0, overdueText: '' });
  t.equal(await p.followUp('puebla-process'), null, 'a process that owes nothing is not listed');
  mkdirSync(RESULTS, { recursive: true });
  await page.screenshot({ path: shot('en') });
  t.same(serious(await axeViolations(page)), [], 'no serious WCAG 2.1 AA violation (axe)');

  // Live: each panel follows the events that change it.
  const adopted = await c.puebla.recordAdoption(seeded.origin.id, { stage: 'adopted' });
  await waitFor(async () => (await p.bands()).includes('bali-process>puebla-process:adopted:1'), {
    timeoutMs: 10_000,
    message: 'a new adoption is drawn',
  });
  t.same(await p.bands(), await apiBands(ex, adopted.seq));
  await c.puebla.replyToQuery(seeded.query.id, {
    answers: [{ ref: 'grants', text: { es: 'Sí, desde 2010.' } }],
    visibility: { level: 'public' },
  });
  await waitFor(async () => (await p.query(seeded.query.id))?.replies === '2 replies', {
    timeoutMs: 10_000,
    message: 'a reply is counted',
  });
  const asked = await c.colombo.launchQuery({
    title: { es: 'Ventanillas únicas: ¿quién las tiene?' },
    questions: [{ ref: 'desks', text: { es: '¿Tienen ventanillas únicas?' } }],
    themes: ['labour-migration'],
    deadline: inDays(1),
  });
  await waitFor(async () => (await p.query(asked.id)) !== null, {
    timeoutMs: 10_000,
    message: 'a launched query appears',
  });
  t.match(await p.query(asked.id), { title: 'Ventanillas únicas: ¿quién las tiene?' });
  const first = await page.$eval('#queries .query', (e) => (e as HTMLElement).dataset.query);
  t.equal(first, asked.id, 'soonest deadline first');
  await c.colombo.closeQuery(asked.id);
  await waitFor(async () => (await p.query(asked.id)) === null, {
    timeoutMs: 10_000,
    message: 'a closed query leaves',
  });
  await c.bali.reportFollowUp(seeded.meeting.id, 'data-sharing', {
    status: 'implemented',
    text: { en: 'Fee data published.' },
  });
  await waitFor(async () => (await p.followUp('bali-process'))?.overdue === 0, {
    timeoutMs: 10_000,
    message: 'a report moves the follow-up',
  });
  t.match(await p.followUp('bali-process'), { implemented: 1, share: '1/2 implemented' });

  // Languages.
  await page.click('#langs [data-lang="fr"]');
  await waitFor(async () => (await page.textContent('#flows-heading')) === 'Qui apprend de qui');
  t.match(await p.query(seeded.query.id), {
    title: 'Aides à la réintégration ?',
    replies: '2 réponses',
    asked: '3 sollicités',
    countdown: /^encore \d+ j \d\d:\d\d:\d\d$/,
  });
  t.match(await p.followUp('bali-process'), { share: '1/2 mises en œuvre' });
  t.equal(
    await p.bandTitle('bali-process', 'colombo-process'),
    'Colombo Process — adaptée : 1 pratique de Bali Process',
  );
  await page.screenshot({ path: shot('fr') });
  await page.click('#langs [data-lang="es"]');
  await waitFor(
    async () => (await page.textContent('#flows-heading')) === 'Quién aprende de quién',
  );
  t.match(await p.query(seeded.query.id), { replies: '2 respuestas', countdown: /^quedan \d+ d / });
  t.match(await p.followUp('iom'), { share: '1/2 implementadas' });
  t.equal(await page.textContent('#follow-ups-heading'), 'Seguimiento de las recomendaciones');

  // The launcher's view (a reader token in the URL): every reply, the members-only adoption.
  const reader = await ex.token('bali-process', 'reader');
  const mine = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  mine.on('pageerror', (e) => errors.push(e.message));
  const m = panels(mine);
  await mine.goto(`${ex.url}/dashboard?lang=en&access_token=${reader}`);
  await waitFor(async () => (await m.state()) === 'live', { timeoutMs: 30_000 });
  await waitFor(async () => (await m.query(seeded.query.id))?.replies === '3 replies', {
    timeoutMs: 10_000,
    message: 'the launcher reads every reply',
  });
  const memberBands = await apiBands(ex, adopted.seq, reader);
  t.ok(memberBands.includes('bali-process>colombo-process:adopted:1'));
  await waitFor(async () => (await m.bands()).length === memberBands.length, {
    timeoutMs: 10_000,
  });
  t.same(
    await m.bands(),
    memberBands,
    'the adoption of a practice shared with Colombo only, in Bali’s drawing',
  );
  t.notOk(
    (await p.bands()).includes('bali-process>colombo-process:adopted:1'),
    'never in the anonymous drawing',
  );
  await mine.screenshot({ path: shot('member') });

  // Time travel: the panels are live only.
  const travel = await browser.newPage();
  await travel.goto(`${ex.url}/dashboard?asOf=${seeded.origin.seq}`);
  await waitFor(async () => (await travel.getAttribute('#status', 'data-state')) === 'asof');
  t.equal(await travel.isHidden('#network'), true, 'no network panels in time travel');

  t.same(errors, [], 'no error in the pages (CSP violations included)');
});
