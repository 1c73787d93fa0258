import { gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { mintToken, openTestDeps, serviceEnv, type TeardownHost } from '@rcpx/testing';
import { generateCrossLog } from '../bench-cross/workload.ts';
import { intEnv } from '../bench-common/int-env.ts';
import { publishLog } from '../bench-common/publish-log.ts';
import { teardownHost } from '../bench-common/teardown-host.ts';
import { startAllInOne } from '../bench/all-in-one.ts';
import { benchProjection } from '../bench/projection.ts';
import { loadLine, rate } from '../bench/report.ts';
import { launch, measureLoads, percentile } from './first-render.ts';
import { runBench } from '../bench-common/run-bench.ts';

// `npm run bench:app`: each workspace page's first render in headless Chromium against `npm
// start`'s entry on read models of 100k practices (with adoptions and lineages, meetings with
// recommendations and follow-ups, queries with replies: the bench:cross log, smaller beside the
// practices), and the size of the workspace's script and stylesheet gzipped. Not a test.

const SIZES = {
  practices: intEnv('BENCH_APP_PRACTICES', 100_000),
  adoptions: intEnv('BENCH_APP_ADOPTIONS', 5_000),
  meetings: intEnv('BENCH_APP_MEETINGS', 1_000),
  recommendations: 4,
  reports: intEnv('BENCH_APP_REPORTS', 2_000),
  queries: intEnv('BENCH_APP_QUERIES', 500),
  replies: 5,
  chains: intEnv('BENCH_APP_CHAINS', 1_000),
};
/** Loads measured per page (after one cold load in a fresh browser context). */
const LOADS = intEnv('BENCH_APP_LOADS', 20);
/** Who is signed in (a publisher) on the pages that need a session. */
const ME = process.env.BENCH_APP_PARTICIPANT ?? 'bali-process';
/** Seconds to keep the seeded exchange after the run (its variables printed) to measure by hand. */
const HOLD_SECONDS = Number(process.env.BENCH_APP_HOLD_SECONDS ?? 0);
/** Print where each page's median load spent its time (the requests before the mark). */
const DETAIL = process.env.BENCH_APP_DETAIL === '1';
const GOAL_P95_MS = 300;
/** `-- --only my-work,meeting`: the pages whose label (spaces as dashes) or path holds a term. */
const ONLY = onlyTerms(process.argv.slice(2));

function onlyTerms(args: readonly string[]): string[] {
  const i = args.findIndex((a) => a === '--only' || a.startsWith('--only='));
  if (i === -1) return [];
  const value = args[i]!.startsWith('--only=') ? args[i]!.slice('--only='.length) : args[i + 1];
  if (!value) throw new Error('--only needs terms, e.g. --only my-work,meeting');
  return value
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean);
}

const picked = (p: { label: string; path: string }) =>
  ONLY.length === 0 ||
  ONLY.some((t) => p.label.toLowerCase().replaceAll(' ', '-').includes(t) || p.path.includes(t));
const GOAL_JS_GZ_KB = 150;

const progress = (msg: string) => console.error(`[bench:app] ${msg} · ${loadLine()}`);

async function json<T>(base: string, path: string, token?: string): Promise<T> {
  const res = await fetch(base + path, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  if (!res.ok) throw new Error(`GET ${path}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

/** The page's script and stylesheet: bytes as served and gzipped (level 9). */
async function assetSizes(base: string) {
  const html = await (await fetch(`${base}/app`)).text();
  const sizes: { name: string; raw: number; gz: number }[] = [];
  for (const [, src] of html.matchAll(/(?:src|href)="(\/app\/assets\/[^"]+\.(?:js|css))"/g)) {
    const body = Buffer.from(await (await fetch(base + src!)).arrayBuffer());
    sizes.push({ name: src!, raw: body.length, gz: gzipSync(body, { level: 9 }).length });
  }
  return sizes;
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const ms = (n: number) => `${Math.round(n)}`;

interface Seeded {
  base: string;
  token: string;
  /** Practices with descendants (one of another participant's is measured). */
  lineageRoots: readonly string[];
  describe: string;
}

/** The bench:cross log raw into a fresh stream, projected, and npm start's entry on it. */
async function seed(host: TeardownHost): Promise<Seeded> {
  const { env, db, bus } = await openTestDeps(host, { readModels: 'rm', name: 'rcpx-bench-app' });
  progress('generating the log');
  const log = generateCrossLog(SIZES);
  progress(`publishing ${log.events.length.toLocaleString('en-US')} events`);
  const published = await publishLog(bus, env.natsUrl, log.events);
  progress('projection of the log');
  const projected = await benchProjection(db, bus, published.last, { timeoutMs: 900_000 });
  await sql`vacuum analyze`.execute(db);
  progress('all-in-one (npm start) on that database and stream');
  const app = await startAllInOne(host, 'igc', { env });
  const { token } = await mintToken(db, ME, 'publisher');
  if (HOLD_SECONDS > 0) {
    host.teardown(async () => {
      const vars = Object.entries(serviceEnv(env)).map(([k, v]) => `${k}=${v}`);
      progress(
        `holding the exchange for ${HOLD_SECONDS} s: ${vars.join(' ')} ${ME} token ${token}`,
      );
      await new Promise((resolve) => setTimeout(resolve, HOLD_SECONDS * 1000));
    });
  }
  return {
    base: app.base,
    token,
    lineageRoots: log.lineageRoots,
    describe: `read models: ${JSON.stringify(SIZES)} (${published.last.toLocaleString('en-US')} events, projected at ${Math.round(rate(projected)).toLocaleString('en-US')} events/s)`,
  };
}

/** A running exchange (BENCH_APP_BASE, BENCH_APP_TOKEN a publisher token of BENCH_APP_PARTICIPANT). */
async function running(base: string): Promise<Seeded> {
  const token = process.env.BENCH_APP_TOKEN;
  if (!token) throw new Error('BENCH_APP_BASE needs BENCH_APP_TOKEN');
  const given = process.env.BENCH_APP_PRACTICE;
  const some = await json<{ items: { id: string }[] }>(base, '/v1/practices?limit=50');
  return {
    base,
    token,
    lineageRoots: given ? [given] : some.items.map((i) => i.id),
    describe: `a running exchange at ${base}`,
  };
}

async function main(): Promise<boolean> {
  const startedAt = new Date();
  const loadBefore = loadLine();
  const host = teardownHost();
  const checks: { what: string; ok: boolean }[] = [];
  try {
    const given = process.env.BENCH_APP_BASE;
    const { base, token, lineageRoots, describe } = given ? await running(given) : await seed(host);
    // what the pages show: a practice of another with a lineage, one of mine, a meeting, a
    // query awaiting my reply, a recommendation addressed to me
    type Page<T> = { items: T[] };
    let lineageOf = '';
    for (const id of lineageRoots) {
      const p = await json<{ participant: string }>(base, `/v1/practices/${id}`);
      if (p.participant !== ME) {
        lineageOf = id;
        break;
      }
    }
    const [mine] = (
      await json<Page<{ id: string }>>(base, `/v1/practices?participants=${ME}&limit=1`)
    ).items;
    const [meeting] = (await json<Page<{ id: string }>>(base, '/v1/meetings?limit=1')).items;
    const [query] = (
      await json<Page<{ id: string }>>(base, `/v1/queries?awaiting=${ME}&limit=1`, token)
    ).items;
    const [rec] = (
      await json<Page<{ meetingId: string; ref: string }>>(
        base,
        `/v1/follow-ups?addressee=${ME}&limit=1`,
        token,
      )
    ).items;
    checks.push({
      what: 'the seeded exchange has a lineage, my practice, a meeting, a query, a recommendation',
      ok: !!(lineageOf && mine && meeting && query && rec),
    });

    const all: { label: string; path: string; signedIn: boolean }[] = [
      { label: 'catalogue (anonymous)', path: '/app/practices', signedIn: false },
      { label: 'catalogue', path: '/app/practices', signedIn: true },
      { label: 'catalogue ?q=', path: '/app/practices?q=trafficking', signedIn: true },
      {
        label: 'catalogue ?themes=&participants=',
        path: '/app/practices?themes=trafficking&participants=colombo-process',
        signedIn: true,
      },
      { label: 'meetings', path: '/app/meetings', signedIn: true },
      { label: 'publications', path: '/app/publications', signedIn: true },
      {
        label: 'practice (adoptions, lineage)',
        path: `/app/practices/${lineageOf}`,
        signedIn: true,
      },
      { label: 'meeting', path: `/app/meetings/${meeting?.id}`, signedIn: true },
      { label: 'publish form', path: '/app/practices/new', signedIn: true },
      { label: 'edit form', path: `/app/practices/${mine?.id}/edit`, signedIn: true },
      { label: 'my work', path: '/app/my-work', signedIn: true },
      { label: 'query', path: `/app/queries/${query?.id}`, signedIn: true },
      { label: 'launch query form', path: '/app/queries/new', signedIn: true },
      { label: 'follow-up', path: `/app/follow-ups/${rec?.meetingId}/${rec?.ref}`, signedIn: true },
      { label: 'subscriptions', path: '/app/subscriptions', signedIn: true },
    ];
    const pages = all.filter(picked);
    if (pages.length === 0) throw new Error(`--only ${ONLY.join(',')}: no such page`);

    const browser = await launch();
    host.teardown(() => browser.close());
    const rows: string[][] = [];
    const waterfalls: string[] = [];
    let allMet = true;
    for (const p of pages) {
      progress(`${p.label}: ${p.path}`);
      const r = await measureLoads(browser, base, p.path, LOADS, p.signedIn ? token : undefined);
      const p95 = percentile(r.warm, 95);
      allMet &&= p95 <= GOAL_P95_MS;
      rows.push([
        p.label,
        ms(percentile(r.warm, 50)),
        ms(p95),
        ms(r.cold),
        p95 <= GOAL_P95_MS ? 'yes' : 'NO',
        r.h1.slice(0, 40),
      ]);
      checks.push({ what: `${p.label}: an h1 was drawn`, ok: r.h1.trim() !== '' });
      waterfalls.push(
        `${p.label} (median load ${ms(percentile(r.warm, 50))} ms):`,
        ...r.waterfall.map(
          (q) => `  ${ms(q.start).padStart(5)} → ${ms(q.end).padStart(5)}  ${q.url.slice(0, 90)}`,
        ),
      );
    }
    const sizes = await assetSizes(base);
    const jsGz = sizes.filter((s) => s.name.endsWith('.js')).reduce((a, s) => a + s.gz, 0);

    const header = ['page', 'p50 ms', 'p95 ms', 'cold ms', `p95 ≤ ${GOAL_P95_MS}`, 'h1'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: string[]) =>
      cells.map((c, i) => (i === 0 || i === 5 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)));
    console.log(
      [
        '',
        `rcpx bench:app · ${startedAt.toISOString()} · node ${process.version}`,
        describe,
        `first render = navigation start → the view drawn with its data (mark rcpx:view-rendered)`,
        `${LOADS} loads per page after a cold one in a fresh context; signed in as a publisher of ${ME} but the first row`,
        `before: ${loadBefore}`,
        `after:  ${loadLine()}`,
        '',
        line(header).join('  '),
        ...rows.map((r) => line(r).join('  ')),
        '',
        ...sizes.map(
          (s) => `${s.name.replace(/-[^-.]+\./, '.')}: ${kb(s.raw)}, gzipped ${kb(s.gz)}`,
        ),
        `script gzipped ${kb(jsGz)} (goal ≤ ${GOAL_JS_GZ_KB} KB: ${jsGz <= GOAL_JS_GZ_KB * 1024 ? 'met' : 'NOT met'}); every page p95 ≤ ${GOAL_P95_MS} ms: ${allMet ? 'met' : 'NOT met'}`,
        '',
        ...(DETAIL ? [...waterfalls, ''] : []),
        ...checks.map((c) => `check: ${c.ok ? 'ok  ' : 'FAIL'} ${c.what}`),
        '',
      ].join('\n'),
    );
  } finally {
    await host.run();
  }
  return checks.every((c) => c.ok);
}

runBench('bench:app', main);
